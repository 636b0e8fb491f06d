import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration, RawRows, SqlDriver, SqlExecutor, SqlValue } from '../sql-driver.js';

type Statement = Database.Statement<unknown[], unknown>;

interface WriteLock {
  tail: Promise<void>;
}

// Write locks per database file: two stores of one process on the same file take turns in-process
// instead of blocking the thread in SQLite's busy handler while the other holds the lock.
const fileLocks = new Map<string, WriteLock>();

/**
 * Runs the shared store's SQL on better-sqlite3. better-sqlite3 is synchronous, so a write
 * transaction spanning `await`s is guarded by an in-process queue: while one is open, other
 * statements on this connection wait for it instead of slipping into it.
 */
export class SqliteDriver implements SqlDriver {
  readonly engine = 'sqlite';
  private readonly statements = new Map<string, Statement>();
  private readonly rawStatements = new Map<string, Statement>();
  private readonly lock: WriteLock;
  private busy: Promise<void> | null = null;

  constructor(readonly db: Database.Database) {
    const key = db.memory ? null : db.name;
    let lock = key === null ? undefined : fileLocks.get(key);
    if (!lock) {
      lock = { tail: Promise.resolve() };
      if (key !== null) fileLocks.set(key, lock);
    }
    this.lock = lock;
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Synchronous executor used inside a held transaction and by callers when nothing is queued. */
  private readonly direct: SqlExecutor = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      this.statement(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => this.statement(sql).run(...params).changes,
  };

  private async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    if (this.busy) await this.idle();
    return this.direct.all<T>(sql, params);
  }

  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    if (this.busy) await this.idle();
    return this.direct.get<T>(sql, params);
  }

  async allRaw(sql: string, params: readonly SqlValue[] = []): Promise<RawRows> {
    if (this.busy) await this.idle();
    let stmt = this.rawStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql).raw(true);
      this.rawStatements.set(sql, stmt);
    }
    return stmt.all(...params) as RawRows;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    if (this.busy) await this.idle();
    return this.direct.run(sql, params);
  }

  async writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const previous = this.lock.tail;
    let release = (): void => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.lock.tail = previous.then(() => done);
    await previous;
    this.busy = done;
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.busy = null;
      release();
    }
  }

  async close(): Promise<void> {
    await this.idle();
    this.statements.clear();
    this.rawStatements.clear();
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating the folder of) a SQLite database with WAL, foreign keys and a busy timeout. */
export function openSqliteDatabase(path: string): Database.Database {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one immediate
 * transaction so two processes opening the same file at once apply each migration once.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[]): Migration[] {
  const applied: Migration[] = [];
  const apply = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
    );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      applied.push(migration);
    }
  });
  apply.immediate();
  return applied;
}
