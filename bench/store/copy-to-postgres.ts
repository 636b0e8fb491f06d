import Database from 'better-sqlite3';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

// The event log is left out: traversals and analyses never read it, and it is most of the file's bytes.
const TABLES = [
  'nodes',
  'aliases',
  'edges',
  'edge_scopes',
  'dataset_versions',
  'job_versions',
  'runs',
  'assertion_results',
];

/**
 * Copies a built graph from a SQLite file into a fresh PostgreSQL schema with multi-row inserts,
 * so both engines are measured on the very same graph without replaying the ingest.
 */
export async function copyToPostgres(
  sqlitePath: string,
  connectionString: string,
  schema: string,
  log: (line: string) => void,
): Promise<PostgresStore> {
  const source = new Database(sqlitePath, { readonly: true });
  const store = await PostgresStore.open({ connectionString, schema });
  for (const table of TABLES) {
    const columns = (source.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const perRow = columns.length;
    const rowsPerInsert = Math.floor(30_000 / perRow);
    let batch: unknown[] = [];
    let rows = 0;
    const flush = async (): Promise<void> => {
      const count = batch.length / perRow;
      if (count === 0) return;
      const values = Array.from(
        { length: count },
        (_, r) => `(${columns.map((_, c) => `$${r * perRow + c + 1}`).join(', ')})`,
      );
      await store.pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, batch);
      batch = [];
    };
    for (const row of source
      .prepare(`SELECT ${columns.join(', ')} FROM ${table}`)
      .raw()
      .iterate() as Iterable<unknown[]>) {
      batch.push(...row);
      rows += 1;
      if (rows % rowsPerInsert === 0) await flush();
    }
    await flush();
    log(`copied ${rows} rows of ${table}`);
  }
  for (const [table, key] of [
    ['nodes', 'nid'],
    ['edges', 'eid'],
    ['dataset_versions', 'vid'],
    ['job_versions', 'vid'],
    ['assertion_results', 'aid'],
  ]) {
    await store.pool.query(
      `SELECT setval(pg_get_serial_sequence('${table}', '${key}'), (SELECT COALESCE(MAX(${key}), 1) FROM ${table}))`,
    );
  }
  // What autovacuum would have done long before a server answers questions: planner statistics and
  // the visibility map. Left to autovacuum, it runs during the measurements and competes for the CPU.
  await store.pool.query(`VACUUM (ANALYZE) ${TABLES.join(', ')}`);
  source.close();
  return store;
}
