/**
 * The small seam between the engine-neutral store and a database, in the spirit of kysely's
 * `Dialect`: the shared store code writes portable SQL with `?` placeholders and never imports
 * an engine; each engine folder supplies a driver that runs it.
 */

export type SqlValue = string | number | null;

export interface SqlExecutor {
  /** Runs a statement and returns its rows (snake_case column names as written in the SQL). */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement that returns no rows; resolves to the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** Rows as arrays of column values, for bulk reads where an object per row costs too much. */
export type RawRows = (readonly unknown[])[];

export interface SqlDriver extends SqlExecutor {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Runs `fn` in a transaction that holds the database's single write lock (SQLite `BEGIN
   * IMMEDIATE`, a PostgreSQL advisory lock), so appends to the event log and the edge change
   * sequence are serialised across every process sharing the database.
   */
  writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Like `all`, with each row as an array of its column values in select order. */
  allRaw(sql: string, params?: readonly SqlValue[]): Promise<RawRows>;
  close(): Promise<void>;
}

/** One numbered schema change. Engines keep an ordered list; other modules append to it. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Largest number of values the shared code puts in one `IN (...)` list. */
export const MAX_PARAMS = 512;

/**
 * Splits a list into chunks for `IN (...)` lists. Each chunk is padded (repeating its last value,
 * which `IN` ignores) to a power of two, so a query shape yields a handful of distinct statements
 * that the drivers' statement caches can keep, instead of one per list length.
 */
export function chunk<T>(items: readonly T[], size = MAX_PARAMS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    const part = items.slice(i, i + size);
    let bucket = 1;
    while (bucket < part.length) bucket *= 2;
    const last = part[part.length - 1];
    while (part.length < bucket && last !== undefined) part.push(last);
    out.push(part);
  }
  return out;
}

/** `?, ?, ?` for an `IN (...)` list of `count` values. */
export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}
