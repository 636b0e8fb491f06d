/**
 * Store traversal benchmark: dataset- and column-level traversals at depth 5 and 20 on a
 * synthetic graph (default 100k datasets, about 1M column edges), with the ratio to a plain
 * in-memory BFS over the same edges, the cold start (open + first traversal) and RSS.
 *
 *   npx tsx bench/store/traversal-bench.ts [--datasets 100000] [--engine sqlite|postgres|both]
 *
 * PostgreSQL runs when ROOTLINE_BENCH_PG_URL (or ROOTLINE_TEST_PG_URL) is set, in a scratch schema
 * dropped afterwards. Prints one JSON document.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, TraversalQuery } from '../../src/store/store.js';
import { buildGraphFile } from './build-graph.js';
import { copyToPostgres } from './copy-to-postgres.js';
import { createPlainGraph, plainBfs } from './plain-bfs.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '100000' },
    columns: { type: 'string', default: '7' },
    layers: { type: 'string', default: '12' },
    engine: { type: 'string', default: 'both' },
    samples: { type: 'string', default: '200' },
  },
});
const datasets = Number(values.datasets);
const samples = Number(values.samples);
const log = (line: string): void => console.error(`[bench] ${line}`);
const path = join('bench', 'results', `graph-${datasets}-${values.columns}-${values.layers}.db`);
await buildGraphFile(path, { datasets, columnsPerDataset: Number(values.columns), layers: Number(values.layers) }, log);

const raw = new Database(path, { readonly: true });
const counts = raw
  .prepare(
    "SELECT (SELECT COUNT(*) FROM nodes WHERE kind = 'dataset') AS datasets, (SELECT COUNT(*) FROM edges WHERE kind = 'DERIVES') AS columnEdges, (SELECT COUNT(*) FROM edges) AS edges",
  )
  .get();
const pickDatasets = raw
  .prepare("SELECT id FROM nodes WHERE kind = 'dataset' ORDER BY random() LIMIT ?")
  .pluck()
  .all(samples) as string[];
const pickFields = raw
  .prepare("SELECT id FROM nodes WHERE kind = 'datasetField' ORDER BY random() LIMIT ?")
  .pluck()
  .all(samples) as string[];
const plain = createPlainGraph(raw);
raw.close();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (n: number): number => Math.round(n * 100) / 100;

async function measure(store: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const level of ['dataset', 'column'] as const) {
    for (const depth of [5, 20]) {
      for (const direction of ['upstream', 'downstream'] as const) {
        const starts = level === 'dataset' ? pickDatasets : pickFields;
        const times: number[] = [];
        const plainTimes: number[] = [];
        let nodes = 0;
        let partial = 0;
        for (const start of starts) {
          const query: TraversalQuery = { start: [start], direction, depth, level };
          const t0 = performance.now();
          const result = await store.traverse(query);
          times.push(performance.now() - t0);
          nodes += result.nodes.length;
          if (result.partial) partial += 1;
          const t1 = performance.now();
          plainBfs(plain, start, direction === 'downstream', depth, level, 10_000);
          plainTimes.push(performance.now() - t1);
        }
        times.sort((a, b) => a - b);
        plainTimes.sort((a, b) => a - b);
        const p95 = percentile(times, 95);
        const plainP95 = percentile(plainTimes, 95);
        out[`${level}-${direction}-depth${depth}`] = {
          p50: round(percentile(times, 50)),
          p95: round(p95),
          plainBfsP50: round(percentile(plainTimes, 50)),
          plainBfsP95: round(plainP95),
          ratioP95: round(p95 / Math.max(plainP95, 0.001)),
          meanNodes: Math.round(nodes / starts.length),
          partial,
        };
      }
    }
  }
  return out;
}

const results: Record<string, unknown> = { graph: counts, samples };
const engines = values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine];
for (const engine of engines) {
  if (engine === 'sqlite') {
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const store = SqliteStore.open({ path });
    const opened = performance.now() - t0;
    await store.traverse({ start: [pickDatasets[0] ?? ''], direction: 'upstream', depth: 5, level: 'dataset' });
    const coldStart = performance.now() - t0;
    const figures = await measure(store);
    results.sqlite = {
      openMs: round(opened),
      coldStartWithIndexMs: round(coldStart),
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
      rssBeforeMb: Math.round(rssBefore / 1e6),
      ...figures,
    };
    await store.close();
  } else {
    const url = process.env.ROOTLINE_BENCH_PG_URL ?? process.env.ROOTLINE_TEST_PG_URL;
    if (!url) {
      results.postgres = { skipped: 'ROOTLINE_BENCH_PG_URL is not set' };
      continue;
    }
    const schema = `rootline_bench_${Date.now()}`;
    const loader = await copyToPostgres(path, url, schema, log);
    await loader.close();
    try {
      const t0 = performance.now();
      const store = await PostgresStore.open({ connectionString: url, schema });
      const opened = performance.now() - t0;
      await store.traverse({ start: [pickDatasets[0] ?? ''], direction: 'upstream', depth: 5, level: 'dataset' });
      const coldStart = performance.now() - t0;
      const figures = await measure(store);
      results.postgres = {
        openMs: round(opened),
        coldStartWithIndexMs: round(coldStart),
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
        ...figures,
      };
      await store.close();
    } finally {
      const dropper = await PostgresStore.open({ connectionString: url, schema });
      await dropper.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dropper.close();
    }
  }
}
console.log(JSON.stringify(results, null, 2));
