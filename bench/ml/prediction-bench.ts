/**
 * Prediction log benchmark: predictions logged per second through the real path (validation,
 * model-version resolution from the serving interval, feature-name check, all-or-nothing append
 * in batches of 10,000), with the ratio to a raw insert of the same rows into an identical table;
 * then trace latency (log lookup by id + column-level walk as of the prediction's time) with the
 * log filled to 1M predictions. Both engines; PostgreSQL when ROOTLINE_BENCH_PG_URL or
 * ROOTLINE_TEST_PG_URL is set (a scratch schema, dropped afterwards). Prints one JSON document.
 *
 *   npx tsx bench/ml/prediction-bench.ts [--total 1000000] [--throughput 200000] [--engine sqlite|postgres|both]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tracePrediction } from '../../src/analysis/trace.js';
import { applyManifest } from '../../src/ingest/ml/apply-manifest.js';
import { ingestPredictions } from '../../src/ingest/predictions/ingest-predictions.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { churnManifest, DEPLOYMENT } from '../../test/ml/churn-manifest.js';
import { writeChurnWarehouse } from '../../test/ml/warehouse-lineage.js';
import { rawInsert } from './raw-insert.js';

const { values } = parseArgs({
  options: {
    total: { type: 'string', default: '1000000' },
    throughput: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '10000' },
    engine: { type: 'string', default: 'both' },
    samples: { type: 'string', default: '300' },
  },
});
const total = Number(values.total);
const throughputRows = Math.min(total, Number(values.throughput));
const batchSize = Number(values.batch);
const samples = Number(values.samples);
const PG_URL = process.env.ROOTLINE_BENCH_PG_URL ?? process.env.ROOTLINE_TEST_PG_URL;

const START = Date.parse('2026-10-03T00:00:00.000Z');
const SPAN = 90 * 86_400_000;

/** Prediction `i` of the run: times spread over three months (three PostgreSQL partitions). */
function record(i: number) {
  return {
    id: `bench-${i}`,
    deployment: DEPLOYMENT,
    time: new Date(START + Math.floor((SPAN * i) / total)).toISOString(),
    features: { age: 20 + (i % 60), tenure_days: i % 2000 },
    output: { churn: (i % 1000) / 1000 },
  };
}

function batchOf(from: number, to: number) {
  const out = [];
  for (let i = from; i < to; i++) out.push(record(i));
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function run(engine: 'sqlite' | 'postgres', store: Store) {
  await writeChurnWarehouse(store);
  await applyManifest(store, churnManifest(), { actor: 'bench' });

  let loggedMs = 0;
  let rawMs = 0;
  for (let from = 0; from < throughputRows; from += batchSize) {
    const batch = batchOf(from, Math.min(throughputRows, from + batchSize));
    const started = performance.now();
    const result = await ingestPredictions(store, store.predictions, batch);
    loggedMs += performance.now() - started;
    if (!result.written) throw new Error(`batch at ${from} was rejected: ${JSON.stringify(result.outcomes[0])}`);
    const resolved = batch.map((r) => ({ ...r, modelVersion: 'modelVersion:mlflow://prod:churn:3' }));
    rawMs += await rawInsert(store, resolved);
  }
  for (let from = throughputRows; from < total; from += batchSize) {
    const result = await ingestPredictions(store, store.predictions, batchOf(from, Math.min(total, from + batchSize)));
    if (!result.written) throw new Error(`batch at ${from} was rejected`);
  }

  // Warm-up: the first traces load the store's traversal index; steady-state latency is what is measured.
  for (let s = 0; s < 20; s++) {
    const warm = await store.predictions.get(`bench-${s}`);
    if (warm) await tracePrediction(store, warm);
  }
  // Wall time is what a caller waits; CPU time of this process shows how much of it was work on a
  // shared machine (on PostgreSQL the server's own work is not in it).
  const latencies: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < samples; s++) {
    const id = `bench-${Math.floor((s * 7919 * 104_729) % total)}`;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const prediction = await store.predictions.get(id);
    if (!prediction) throw new Error(`prediction ${id} not found`);
    const trace = await tracePrediction(store, prediction);
    const used = process.cpuUsage(cpuStart);
    latencies.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    if (trace.sources.length === 0) throw new Error('trace found no sources');
  }
  latencies.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const logged = throughputRows / (loggedMs / 1000);
  const raw = throughputRows / (rawMs / 1000);
  return {
    engine,
    logged: {
      rows: throughputRows,
      batch: batchSize,
      perSecond: Math.round(logged),
      rawPerSecond: Math.round(raw),
      ratioToRaw: round(logged / raw),
    },
    trace: {
      predictions: total,
      samples,
      p50Ms: round(percentile(latencies, 0.5)),
      p95Ms: round(percentile(latencies, 0.95)),
      p99Ms: round(percentile(latencies, 0.99)),
      cpuP95Ms: round(percentile(cpu, 0.95)),
      maxMs: round(latencies.at(-1) ?? 0),
    },
    goals: { perSecond: 50_000, ratioToRaw: 0.5, traceP95Ms: 20 },
  };
}

const results = [];
if (values.engine !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'rootline-ml-bench-'));
  const store = SqliteStore.open({ path: join(dir, 'bench.db') });
  try {
    results.push(await run('sqlite', store));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (values.engine !== 'sqlite') {
  if (!PG_URL) results.push({ engine: 'postgres', skipped: 'ROOTLINE_BENCH_PG_URL / ROOTLINE_TEST_PG_URL is not set' });
  else {
    const schema = `rootline_bench_${randomBytes(5).toString('hex')}`;
    const store = await PostgresStore.open({ connectionString: PG_URL, schema, max: 4 });
    try {
      results.push(await run('postgres', store));
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await store.close();
    }
  }
}
console.log(JSON.stringify({ bench: 'ml-predictions', total, results }, null, 2));
