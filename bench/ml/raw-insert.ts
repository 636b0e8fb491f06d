import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

interface RawRow {
  id: string;
  deployment: string;
  modelVersion: string;
  time: string;
  features: Record<string, unknown>;
  output: unknown;
}

const prepared = new WeakSet<Store>();

/**
 * The floor the prediction log is compared with: the same rows inserted into a table identical
 * to the log's (same columns and indexes; on PostgreSQL the same monthly partitions) with one
 * plain statement per row (SQLite) or one set-based statement per batch (PostgreSQL), in one
 * transaction, without validation, resolution, hashing or duplicate checks. Returns milliseconds.
 */
export async function rawInsert(store: Store, rows: readonly RawRow[]): Promise<number> {
  if (store instanceof SqliteStore) return rawSqlite(store, rows);
  if (store instanceof PostgresStore) return rawPostgres(store, rows);
  throw new Error('raw insert needs a SqliteStore or a PostgresStore');
}

function rawSqlite(store: SqliteStore, rows: readonly RawRow[]): number {
  const { db } = store;
  if (!prepared.has(store)) {
    db.exec(`CREATE TABLE predictions_raw (pid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,
      deployment TEXT NOT NULL, model_version TEXT NOT NULL, features TEXT NOT NULL, output TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE INDEX predictions_raw_time ON predictions_raw (time);
      CREATE INDEX predictions_raw_deployment_time ON predictions_raw (deployment, time);`);
    prepared.add(store);
  }
  const insert = db.prepare(
    'INSERT INTO predictions_raw (id, time, deployment, model_version, features, output, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const started = performance.now();
  db.transaction(() => {
    for (const r of rows) {
      insert.run(r.id, r.time, r.deployment, r.modelVersion, JSON.stringify(r.features), JSON.stringify(r.output), '');
    }
  })();
  return performance.now() - started;
}

async function rawPostgres(store: PostgresStore, rows: readonly RawRow[]): Promise<number> {
  const { pool } = store;
  if (!prepared.has(store)) {
    await pool.query(`CREATE TABLE predictions_raw (id TEXT NOT NULL, time TIMESTAMPTZ NOT NULL, deployment TEXT NOT NULL,
      model_version TEXT NOT NULL, features JSONB NOT NULL, output JSONB NOT NULL, hash TEXT NOT NULL) PARTITION BY RANGE (time);
      CREATE INDEX predictions_raw_id ON predictions_raw (id);
      CREATE INDEX predictions_raw_time ON predictions_raw (time);
      CREATE INDEX predictions_raw_deployment_time ON predictions_raw (deployment, time);
      CREATE TABLE predictions_raw_p1 PARTITION OF predictions_raw FOR VALUES FROM ('2026-01-01') TO ('2027-06-01');`);
    prepared.add(store);
  }
  const payload = rows.map((r) => ({
    id: r.id,
    time: r.time,
    deployment: r.deployment,
    model_version: r.modelVersion,
    features: r.features,
    output: r.output,
    hash: '',
  }));
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO predictions_raw SELECT x.id, x.time::timestamptz, x.deployment, x.model_version, x.features, x.output, x.hash
       FROM json_to_recordset($1::json) AS x(id text, time text, deployment text, model_version text, features jsonb, output jsonb, hash text)`,
      [JSON.stringify(payload)],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return performance.now() - started;
}
