/**
 * Analysis benchmark on the foundation's synthetic graph (default 100k datasets, ~1M column edges):
 * - impact of the shared dimension's `c1` column (about 14,000 affected columns, datasets and jobs);
 * - root cause over the upstream of a dataset in the last layer and its columns, ten pipeline
 *   steps deep (ten jobs up at column level and at job level, where that is twenty edges).
 * Each is reported as p50/p95 with the ratio to a plain in-memory BFS over the same subgraph
 * (the same start, direction, level and depth; for impact, the columns reached with their datasets
 * and jobs, the nodes it reports; the column-only walk is reported too). Goals: p95 <= 100 ms and
 * <= 5x the plain BFS.
 * Root cause also reports the time of the store calls it needs (node, fields, walks, evidence,
 * incidents): the BFS takes a fraction of a millisecond, and each of those calls checks the
 * database for changes before it answers from memory. `others` times the
 * analyses without a goal (health, PII on reads with 20 tagged source columns, schema changes,
 * a 404 with suggestions) for the README's figures.
 *
 *   npx tsx bench/analysis/analysis-bench.ts [--datasets 100000] [--runs 30]
 *
 * PostgreSQL runs when ROOTLINE_BENCH_PG_URL (or ROOTLINE_TEST_PG_URL) is set.
 */
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { findNodeOrSuggest } from '../../src/analysis/find-node.js';
import { checkLineageHealth } from '../../src/analysis/health.js';
import { analyzeImpact } from '../../src/analysis/impact.js';
import { listDerivedPii, withPii } from '../../src/analysis/pii.js';
import { walkDepthFor } from '../../src/analysis/pipeline-steps.js';
import { findRootCauses } from '../../src/analysis/root-cause.js';
import { findSchemaChanges } from '../../src/analysis/schema-changes.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { BENCH_DIMENSION_SHARE, buildGraphFile, graphFilePath } from '../store/build-graph.js';
import { copyToPostgres } from '../store/copy-to-postgres.js';
import { createPlainGraph, plainBfs, plainImpactBfs } from '../store/plain-bfs.js';
import { planDatasets } from '../synthetic-lineage.js';
import { recordIncidentScenario } from './incident-scenario.js';
import { PII_COLUMNS, tagPiiColumns } from './pii-scenario.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
  },
});
const datasets = Number(values.datasets);
const runs = Number(values.runs);
const log = (line: string): void => console.error(`[bench] ${line}`);
const shape = { datasets, columnsPerDataset: 7, layers: 12, dimensionShare: BENCH_DIMENSION_SHARE };
const path = graphFilePath(shape);
await buildGraphFile(path, shape, log);

const planned = planDatasets(shape);
const namespace = 'postgres://warehouse:5432';
// Impact: the shared dimension's column that a share of all jobs look up.
const impactSource = `datasetField:${namespace}:${planned[0]?.name}:c1`;
// Root cause: a mart in the last layer, with its columns, ten levels up.
const mart = planned[planned.length - 1];
const rootCauseNode = `dataset:${namespace}:${mart?.name}`;
const rootCauseStarts = [
  rootCauseNode,
  ...(mart?.columns ?? []).map((c) => `datasetField:${namespace}:${mart?.name}:${c}`),
];

const IMPACT_DEPTH = 50;
const WARM_UP_RUNS = 5;
const ROOT_CAUSE_DEPTH = 10;
const BUDGET = 50_000;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number): number => Math.round(n * 100) / 100;

/** Steady-state timings: a few unmeasured runs first (JIT tiers, caches), then `count` measured ones. */
async function time(
  run: () => Promise<unknown> | unknown,
  count = runs,
  warmUps = WARM_UP_RUNS,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < warmUps; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

function figures(
  measured: { p50: number; p95: number },
  baseline: { p50: number; p95: number },
  extra: Record<string, unknown>,
) {
  const ratio = round(measured.p95 / Math.max(baseline.p95, 0.001));
  return {
    ...extra,
    ...measured,
    plainBfsP50: baseline.p50,
    plainBfsP95: baseline.p95,
    ratioP95: ratio,
    goalMet: measured.p95 <= 100 && ratio <= 5,
  };
}

interface Timed {
  times: { p50: number; p95: number };
  extra: Record<string, unknown>;
}

async function measure(store: Store): Promise<{ impact: Timed; rootCause: Timed }> {
  let affected = 0;
  let partial = false;
  const impact = await time(async () => {
    const report = await analyzeImpact(store, { node: impactSource, depth: IMPACT_DEPTH, maxNodes: BUDGET });
    affected = report.affected.length;
    partial = report.partial;
  });
  let candidates = 0;
  let upstream = 0;
  const window = { since: '2025-01-01T00:00:00.000Z', until: '2027-01-01T00:00:00.000Z' };
  const rootCause = await time(async () => {
    const report = await findRootCauses(store, { node: rootCauseNode, ...window, depth: ROOT_CAUSE_DEPTH });
    candidates = report.candidates.length;
    upstream = report.upstreamNodes;
  });
  // The store reads root cause cannot do without (the node, both walks, the evidence, incidents):
  // how much the analysis itself adds on top of its database round trips.
  const storeReads = await time(async () => {
    const base = { maxNodes: 5_000, asOf: window.until, direction: 'upstream' as const };
    await store.getNode(rootCauseNode, { asOf: window.until });
    const fields = await store.listFields(rootCauseNode, { asOf: window.until });
    const trees = await Promise.all([
      store.walkTree({
        ...base,
        start: [rootCauseNode, ...fields.map((f) => f.id)],
        level: 'column',
        depth: walkDepthFor('column', ROOT_CAUSE_DEPTH),
      }),
      store.walkTree({
        ...base,
        start: [rootCauseNode],
        level: 'dataset',
        depth: walkDepthFor('dataset', ROOT_CAUSE_DEPTH),
      }),
    ]);
    const reached = trees.flatMap((tree) => [...tree.nodes.map((entry) => entry.node), ...tree.parents.values()]);
    await Promise.all([
      store.listUpstreamActivity({
        ...window,
        jobIds: reached.filter((node) => node.kind === 'job').map((node) => node.id),
        datasetIds: reached.filter((node) => node.kind === 'dataset').map((node) => node.id),
        versionsPerDataset: 60,
      }),
      store.active.listIncidents({ limit: 1000 }),
    ]);
  });
  return {
    impact: { times: impact, extra: { node: impactSource, affected, partial } },
    rootCause: {
      times: rootCause,
      extra: {
        node: rootCauseNode,
        depth: ROOT_CAUSE_DEPTH,
        upstreamNodes: upstream,
        candidates,
        storeReadsP50: storeReads.p50,
        storeReadsP95: storeReads.p95,
        ratioToStoreReadsP95: round(rootCause.p95 / Math.max(storeReads.p95, 0.001)),
      },
    },
  };
}

/**
 * The other analyses on the same graph, with no goal of their own: the figures the README quotes.
 * Health reads the whole graph, so it runs a few times only.
 */
async function measureOthers(store: Store): Promise<Record<string, unknown>> {
  const column = `datasetField:${namespace}:${mart?.name}:c1`;
  const found = await store.getNode(column);
  const fields = await store.listFields(rootCauseNode);
  if (!found) throw new Error(`no ${column}`);
  const window = { since: '2025-01-01T00:00:00.000Z', until: '2027-01-01T00:00:00.000Z' };
  const typo = `${rootCauseNode}x`;
  return {
    health: await time(() => checkLineageHealth(store), 5, 1),
    piiNodeRead: await time(() => withPii(store, [found])),
    piiDatasetRead: await time(() => withPii(store, fields)),
    piiReport: await time(() => listDerivedPii(store), 20, 2),
    schemaChanges: await time(() => findSchemaChanges(store, window), 20, 2),
    unknownId: await time(() => findNodeOrSuggest(store, typo).catch(() => null)),
  };
}

const measured: Record<string, { impact: Timed; rootCause: Timed; others: Record<string, unknown> }> = {};
const sqlite = SqliteStore.open({ path });
// As a server does once it listens: the index is loaded before the first question.
await sqlite.warmUp();
await recordIncidentScenario(sqlite, rootCauseNode, ROOT_CAUSE_DEPTH);
await tagPiiColumns(sqlite, planned, namespace);
measured.sqlite = { ...(await measure(sqlite)), others: await measureOthers(sqlite) };
await sqlite.close();

const url = process.env.ROOTLINE_BENCH_PG_URL ?? process.env.ROOTLINE_TEST_PG_URL;
if (url) {
  const schema = `rootline_bench_analysis_${Date.now()}`;
  const loader = await copyToPostgres(path, url, schema, log);
  await loader.close();
  const store = await PostgresStore.open({ connectionString: url, schema });
  try {
    await store.warmUp();
    measured.postgres = { ...(await measure(store)), others: await measureOthers(store) };
  } finally {
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  }
}

// The baseline is loaded only now: its million strings would otherwise sit in the heap (and in
// every garbage collection) while the store is measured, which no server has to carry.
const raw = new Database(path, { readonly: true });
const plain = createPlainGraph(raw);
raw.close();
const downstreamColumns = plainBfs(plain, impactSource, true, IMPACT_DEPTH, 'column', BUDGET) - 1;
const impactColumnsPlain = await time(() => plainBfs(plain, impactSource, true, IMPACT_DEPTH, 'column', BUDGET));
// Impact reports columns with their datasets and jobs: the plain walk of that same subgraph.
const impactSubgraphNodes = plainImpactBfs(plain, impactSource, IMPACT_DEPTH, BUDGET) - 1;
const impactPlain = await time(() => plainImpactBfs(plain, impactSource, IMPACT_DEPTH, BUDGET));
const rootCauseWalks = (): number =>
  plainBfs(plain, rootCauseStarts, false, walkDepthFor('column', ROOT_CAUSE_DEPTH), 'column', BUDGET) +
  plainBfs(plain, rootCauseNode, false, walkDepthFor('dataset', ROOT_CAUSE_DEPTH), 'dataset', BUDGET);
const rootCauseSubgraphNodes = rootCauseWalks();
const rootCausePlain = await time(rootCauseWalks);

const results: Record<string, unknown> = { bench: 'analysis', datasets, runs };
for (const engine of ['sqlite', 'postgres']) {
  const m = measured[engine];
  results[engine] = m
    ? {
        impact: figures(m.impact.times, impactPlain, {
          ...m.impact.extra,
          downstreamColumns,
          subgraphNodes: impactSubgraphNodes,
          columnOnlyBfsP95: impactColumnsPlain.p95,
          ratioToColumnOnlyBfsP95: round(m.impact.times.p95 / Math.max(impactColumnsPlain.p95, 0.001)),
        }),
        rootCause: figures(m.rootCause.times, rootCausePlain, {
          ...m.rootCause.extra,
          subgraphNodes: rootCauseSubgraphNodes,
        }),
        others: { piiColumns: PII_COLUMNS, ...m.others },
      }
    : { skipped: 'ROOTLINE_BENCH_PG_URL is not set' };
}
console.log(JSON.stringify(results, null, 2));
