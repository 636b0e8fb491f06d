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
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { TraversalQuery } from '../../src/store/store.js';
import { BENCH_DIMENSION_SHARE, buildGraphFile, graphFilePath } from './build-graph.js';
import { copyToPostgres } from './copy-to-postgres.js';
import { createPlainGraph, plainBfs } from './plain-bfs.js';
import type { ChildInput } from './traversal-child.js';

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
const shape = {
  datasets,
  columnsPerDataset: Number(values.columns),
  layers: Number(values.layers),
  dimensionShare: BENCH_DIMENSION_SHARE,
};
const path = graphFilePath(shape);
await buildGraphFile(path, shape, log);

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

interface Case {
  name: string;
  queries: TraversalQuery[];
}

const cases: Case[] = [];
for (const level of ['dataset', 'column'] as const) {
  for (const depth of [5, 20]) {
    for (const direction of ['upstream', 'downstream'] as const) {
      const starts = level === 'dataset' ? pickDatasets : pickFields;
      cases.push({
        name: `${level}-${direction}-depth${depth}`,
        queries: starts.map((s) => ({ start: [s], direction, depth, level })),
      });
    }
  }
}

function plainFigures(c: Case): number[] {
  const times: number[] = [];
  for (const q of c.queries) {
    const t = performance.now();
    plainBfs(plain, q.start[0] ?? '', q.direction === 'downstream', q.depth, q.level, 10_000);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

/** Runs every case in a fresh child process and pairs its figures with the plain BFS's. */
function measure(input: Omit<ChildInput, 'queries'>): Record<string, unknown> {
  const all = cases.flatMap((c) => c.queries);
  const file = join(tmpdir(), `rootline-bench-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ ...input, queries: all }));
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/store/traversal-child.ts', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  rmSync(file, { force: true });
  if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
  const out = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
    openMs: number;
    coldStartMs: number;
    rssMb: number;
    times: number[];
    sizes: number[];
    partial: boolean[];
  };
  const figures: Record<string, unknown> = {
    openMs: round(out.openMs),
    coldStartWithIndexMs: round(out.coldStartMs),
    rssMb: out.rssMb,
  };
  let offset = 0;
  for (const c of cases) {
    const times = out.times.slice(offset, offset + c.queries.length).sort((a, b) => a - b);
    const sizes = out.sizes.slice(offset, offset + c.queries.length);
    const partial = out.partial.slice(offset, offset + c.queries.length).filter(Boolean).length;
    offset += c.queries.length;
    const plainTimes = plainFigures(c);
    figures[c.name] = {
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      plainBfsP50: round(percentile(plainTimes, 50)),
      plainBfsP95: round(percentile(plainTimes, 95)),
      ratioP95: round(percentile(times, 95) / Math.max(percentile(plainTimes, 95), 0.001)),
      meanNodes: Math.round(sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length)),
      partial,
    };
  }
  return figures;
}

const results: Record<string, unknown> = { graph: counts, samples };
const engines = values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine];
for (const engine of engines) {
  if (engine === 'sqlite') {
    // Apply pending migrations once, outside the measured cold start.
    await SqliteStore.open({ path }).close();
    results.sqlite = measure({ engine: 'sqlite', path });
    continue;
  }
  const url = process.env.ROOTLINE_BENCH_PG_URL ?? process.env.ROOTLINE_TEST_PG_URL;
  if (!url) {
    results.postgres = { skipped: 'ROOTLINE_BENCH_PG_URL is not set' };
    continue;
  }
  const schema = `rootline_bench_${Date.now()}`;
  await (await copyToPostgres(path, url, schema, log)).close();
  try {
    results.postgres = measure({ engine: 'postgres', path, connectionString: url, schema });
  } finally {
    const dropper = await PostgresStore.open({ connectionString: url, schema });
    await dropper.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dropper.close();
  }
}
console.log(JSON.stringify(results, null, 2));
