import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import type { Mutation } from '../../src/model/mutation.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { BatchItem, EventInput, IngestResult, Store } from '../../src/store/store.js';
import { generateLineageEvents, type SyntheticLineageOptions } from '../synthetic-lineage.js';

/**
 * Builds (once) a SQLite database holding the synthetic lineage graph: OpenLineage events from
 * the generator, turned into mutations by the real ingester and stored in batches. The file is
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
  let pending: BatchItem[] = [];
  let total = 0;
  const started = performance.now();
  // The ingester hands each mutation to `ingest`; collecting them lets the store write in batches.
  const collector = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'ingest') {
        return async (event: EventInput, mutation: Mutation): Promise<IngestResult> => {
          pending.push({ event, mutation });
          return { status: 'accepted', seq: 0, hash: '' };
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store;
  let chunk: Record<string, unknown>[] = [];
  const flush = async (): Promise<void> => {
    await ingestOpenLineage(collector, chunk, { strict: false, actor: 'bench' });
    await store.ingestBatch(pending);
    total += chunk.length;
    chunk = [];
    pending = [];
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
