/**
 * OpenLineage ingest throughput on each engine, as JSON:
 * - bulk: NDJSON text through `readEventsFromText` and `ingestOpenLineage` (what
 *   `rootline ingest openlineage FILE` does), events/s;
 * - http: one event per `POST /api/v1/lineage` request from concurrent keep-alive clients, events/s;
 * - raw: the same events inserted as plain rows (id, JSON payload) into a bare table of the same
 *   engine in one transaction: the floor no ingester can beat. Ratios are against it.
 *
 * Usage: tsx bench/ingest/ingest-bench.ts [--events N] [--http-events N] [--concurrency C]
 * PostgreSQL runs when ROOTLINE_BENCH_PG_URL or ROOTLINE_TEST_PG_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { readEventsFromText } from '../../src/ingest/openlineage/read-events.js';
import { createApp } from '../../src/server/app.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { generateLineageEvents } from '../synthetic-lineage.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'http-events': { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const EVENTS = Number(values.events);
const HTTP_EVENTS = Number(values['http-events']);
const CONCURRENCY = Number(values.concurrency);
const PG_URL = process.env.ROOTLINE_BENCH_PG_URL ?? process.env.ROOTLINE_TEST_PG_URL;
const GOALS = { bulkEventsPerSecond: 10_000, httpEventsPerSecond: 3_000 };

function makeEvents(count: number, seed: number): Record<string, unknown>[] {
  const datasets = Math.ceil(count * 1.06);
  const events = [...generateLineageEvents({ datasets, columnsPerDataset: 7, layers: 12, seed })];
  return events.slice(0, count);
}

interface EngineHandle {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store>;
  rawInsert(payloads: string[]): Promise<number>;
  cleanup(): Promise<void>;
}

function sqliteEngine(): EngineHandle {
  const dir = `/tmp/rootline-bench-${randomBytes(4).toString('hex')}`;
  let n = 0;
  return {
    name: 'sqlite',
    open: async () => SqliteStore.open({ path: `${dir}-${++n}.db` }),
    async rawInsert(payloads) {
      const store = SqliteStore.open({ path: `${dir}-raw.db` });
      store.db.exec('CREATE TABLE raw_events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
      const insert = store.db.prepare('INSERT INTO raw_events (payload) VALUES (?)');
      const started = performance.now();
      store.db.transaction(() => {
        for (const payload of payloads) insert.run(payload);
      })();
      const ms = performance.now() - started;
      await store.close();
      return ms;
    },
    cleanup: async () => {
      const { rmSync, readdirSync } = await import('node:fs');
      for (const file of readdirSync('/tmp'))
        if (file.startsWith(dir.slice(5))) rmSync(`/tmp/${file}`, { force: true });
    },
  };
}

function postgresEngine(url: string): EngineHandle {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open() {
      const schema = `rootline_bench_${randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      return PostgresStore.open({ connectionString: url, schema, max: 8 });
    },
    async rawInsert(payloads) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const schema = `rootline_bench_raw_${randomBytes(5).toString('hex')}`;
      schemas.push(schema);
      await client.query(
        `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.raw_events (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL)`,
      );
      const started = performance.now();
      await client.query('BEGIN');
      for (let i = 0; i < payloads.length; i += 500) {
        const chunk = payloads.slice(i, i + 500);
        const params = chunk.map((_, k) => `($${k + 1})`).join(',');
        await client.query(`INSERT INTO ${schema}.raw_events (payload) VALUES ${params}`, chunk);
      }
      await client.query('COMMIT');
      const ms = performance.now() - started;
      await client.end();
      return ms;
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

async function bulk(
  engine: EngineHandle,
  events: Record<string, unknown>[],
): Promise<{ ms: number; rejected: number }> {
  const store = await engine.open();
  const text = events.map((event) => JSON.stringify(event)).join('\n');
  const started = performance.now();
  const read = readEventsFromText(text);
  let rejected = 0;
  for (let i = 0; i < read.events.length; i += 1_000) {
    const chunk = read.events.slice(i, i + 1_000);
    const outcomes = await ingestOpenLineage(store, chunk, { strict: false, actor: 'bench' });
    rejected += outcomes.filter((outcome) => outcome.status === 'rejected').length;
  }
  const ms = performance.now() - started;
  await store.close();
  return { ms, rejected };
}

async function http(engine: EngineHandle, events: Record<string, unknown>[]): Promise<{ ms: number; failed: number }> {
  const store = await engine.open();
  const app = await createApp({ store });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const bodies = events.map((event) => JSON.stringify(event));
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const response = await fetch(`${url}/api/v1/lineage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 201) failed++;
      }
    }),
  );
  const ms = performance.now() - started;
  await app.close();
  await store.close();
  return { ms, failed };
}

const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

async function measure(engine: EngineHandle): Promise<Record<string, unknown>> {
  const events = makeEvents(EVENTS, 7);
  const httpEvents = makeEvents(HTTP_EVENTS, 11);
  const rawMs = await engine.rawInsert(events.map((event) => JSON.stringify(event)));
  const bulkRun = await bulk(engine, events);
  const httpRun = await http(engine, httpEvents);
  const raw = perSecond(events.length, rawMs);
  const bulkRate = perSecond(events.length, bulkRun.ms);
  const httpRate = perSecond(httpEvents.length, httpRun.ms);
  return {
    engine: engine.name,
    events: events.length,
    rawInsertEventsPerSecond: raw,
    bulk: {
      eventsPerSecond: bulkRate,
      ratioToRawInsert: +(bulkRate / raw).toFixed(3),
      rejected: bulkRun.rejected,
      goal: GOALS.bulkEventsPerSecond,
      met: bulkRate >= GOALS.bulkEventsPerSecond,
    },
    http: {
      events: httpEvents.length,
      concurrency: CONCURRENCY,
      eventsPerSecond: httpRate,
      ratioToRawInsert: +(httpRate / raw).toFixed(3),
      failed: httpRun.failed,
      goal: GOALS.httpEventsPerSecond,
      met: httpRate >= GOALS.httpEventsPerSecond,
    },
  };
}

const engines = [sqliteEngine(), ...(PG_URL ? [postgresEngine(PG_URL)] : [])];
const results: Record<string, unknown>[] = [];
for (const engine of engines) {
  try {
    results.push(await measure(engine));
  } finally {
    await engine.cleanup();
  }
}
console.log(
  JSON.stringify(
    { bench: 'ingest', results, ...(PG_URL ? {} : { skipped: { postgres: 'ROOTLINE_BENCH_PG_URL is not set' } }) },
    null,
    2,
  ),
);
