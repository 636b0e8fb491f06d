import pg from 'pg';
import type { Migration, RawRows, SqlDriver, SqlExecutor, SqlValue } from '../sql-driver.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
// Advisory lock class ids: "Root" and "Rooy" as 32-bit integers.
const WRITE_LOCK_CLASS = 0x526f6f74;
const MIGRATION_LOCK_CLASS = 0x526f6f79;

/** 32-bit FNV-1a of a schema name, so each schema has its own advisory locks. */
export function lockKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) {
    hash ^= schema.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

const converted = new Map<string, string>();

/** Rewrites the shared code's `?` placeholders to PostgreSQL's `$1, $2, ...`. */
export function toPositional(sql: string): string {
  let out = converted.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    converted.set(sql, out);
  }
  return out;
}

/** Statements prepared by name, at most this many per driver (each connection prepares each once). */
const MAX_NAMED_STATEMENTS = 256;
/** Uses of a text before it is prepared by name: one-off texts (an IN list of a rare length) stay unnamed. */
const USES_BEFORE_NAMING = 3;

/**
 * Names the statements a server runs over and over, so each connection prepares them once and
 * PostgreSQL skips parsing and planning them afterwards: a quarter of a millisecond for the
 * watermark query, more than its execution. The number of names is bounded, so texts that vary
 * (IN lists of every length) cannot pile up prepared statements on the server.
 */
export class StatementNames {
  private readonly uses = new Map<string, number>();
  private readonly names = new Map<string, string>();

  nameOf(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= MAX_NAMED_STATEMENTS) return name;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < USES_BEFORE_NAMING) {
      if (this.uses.size >= 4 * MAX_NAMED_STATEMENTS) this.uses.clear();
      this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const named = `rootline_${this.names.size}`;
    this.names.set(text, named);
    return named;
  }
}

function executor(client: pg.Pool | pg.PoolClient, names: StatementNames): SqlExecutor {
  const query = (sql: string, params: readonly SqlValue[]) => {
    const text = toPositional(sql);
    return client.query({ name: names.nameOf(text), text, values: [...params] });
  };
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rowCount ?? 0,
  };
}

export interface PostgresConnection {
  connectionString: string;
  /** Schema holding Rootline's tables; created when missing. Defaults to `public`. */
  schema?: string;
  max?: number;
}

/** Creates a pool whose connections use `schema` and return 64-bit integers as numbers. */
export function createPool(connection: PostgresConnection): pg.Pool {
  const schema = connection.schema ?? 'public';
  const parse = (oid: number, format?: string): ((value: string) => unknown) =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? Number
      : (pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown);
  return new pg.Pool({
    connectionString: connection.connectionString,
    max: connection.max ?? 10,
    // Named statements skip parsing; planning still sees each call's values (a generic plan chosen
    // after five calls made the schema-change query four times slower).
    options: `-c search_path="${schema.replace(/"/g, '""')}" -c plan_cache_mode=force_custom_plan`,
    types: { getTypeParser: parse } as unknown as pg.CustomTypesConfig,
  });
}

/** Runs the shared store's SQL on a `pg` pool; write transactions hold a per-schema advisory lock. */
export class PostgresDriver implements SqlDriver {
  readonly engine = 'postgres';
  private readonly direct: SqlExecutor;
  private readonly names = new StatementNames();

  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {
    this.direct = executor(pool, this.names);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async allRaw(sql: string, params: readonly SqlValue[] = []): Promise<RawRows> {
    const text = toPositional(sql);
    const result = await this.pool.query({
      name: this.names.nameOf(text),
      text,
      values: [...params],
      rowMode: 'array',
    });
    return result.rows as RawRows;
  }

  writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return withLockedTransaction(this.pool, WRITE_LOCK_CLASS, lockKey(this.schema), (client) =>
      fn(executor(client, this.names)),
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function withLockedTransaction<T>(
  pool: pg.Pool,
  lockClass: number,
  key: number,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [lockClass, key]);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * Creates the schema if needed and applies pending migrations in one transaction under a
 * migration advisory lock, so servers starting together apply each migration exactly once.
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[],
): Promise<Migration[]> {
  return withLockedTransaction(pool, MIGRATION_LOCK_CLASS, lockKey(schema), async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    const applied: Migration[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      applied.push(migration);
    }
    return applied;
  });
}
