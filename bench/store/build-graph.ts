import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { generateLineageEvents, type SyntheticLineageOptions } from '../synthetic-lineage.js';

/**
 * The share of jobs joining the shared dimension in the benchmark graph: on 100,000 datasets its
 * `c1` column reaches about 7,400 columns and datasets, which with their jobs make about 14,000
 * affected nodes (the analysis benchmark's impact case).
 */
export const BENCH_DIMENSION_SHARE = 0.005;

/** Where the graph of these options is cached (one file per shape). */
export function graphFilePath(options: SyntheticLineageOptions): string {
  const { datasets, columnsPerDataset, layers, dimensionShare = 0 } = options;
  return join(
    'bench',
    'results',
    `graph-${datasets}-${columnsPerDataset}-${layers}-d${Math.round(dimensionShare * 1e4)}.db`,
  );
}

/**
 * Builds (once) a SQLite database holding the synthetic lineage graph: OpenLineage events from
 * the generator, recorded by the real ingester in chunks. The file is
 * cached under bench/results, so later runs measure reads only.
 */
export async function buildGraphFile(
  path: string,
  options: SyntheticLineageOptions,
  log: (line: string) => void,
): Promise<void> {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const store = SqliteStore.open({ path: partial });
  let total = 0;
  const started = performance.now();
  let chunk: Record<string, unknown>[] = [];
  const flush = async (): Promise<void> => {
    await ingestOpenLineage(store, chunk, { strict: false, actor: 'bench' });
    total += chunk.length;
    chunk = [];
    const seconds = (performance.now() - started) / 1000;
    log(`built ${total} events (${Math.round(total / seconds)} events/s)`);
  };
  for (const event of generateLineageEvents(options)) {
    chunk.push(event);
    if (chunk.length === 2_000) await flush();
  }
  if (chunk.length > 0) await flush();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  renameSync(partial, path);
}
