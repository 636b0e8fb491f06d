import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { SqlStore } from '../sql-store.js';
import { sqliteMigrations } from './migrations.js';
import { migrateSqlite, openSqliteDatabase, SqliteDriver } from './sqlite-driver.js';
import { SqlitePredictionLog } from './sqlite-prediction-log.js';

export interface SqliteStoreOptions {
  /** File path or `:memory:`; defaults to `.rootline/rootline.db` under the working directory. */
  path?: string;
  logger?: Logger;
}

export const DEFAULT_SQLITE_PATH = '.rootline/rootline.db';

/** The embedded engine: one SQLite file (WAL), migrated at open. */
export class SqliteStore extends SqlStore {
  /** The open database, for modules that keep their own tables beside the graph. */
  readonly db: Database.Database;
  readonly path: string;

  private constructor(db: Database.Database, path: string) {
    super(new SqliteDriver(db), (driver) => new SqlitePredictionLog(driver, db));
    this.db = db;
    this.path = path;
  }

  static open(options: SqliteStoreOptions = {}): SqliteStore {
    const path = options.path === ':memory:' ? ':memory:' : resolve(options.path ?? DEFAULT_SQLITE_PATH);
    const db = openSqliteDatabase(path);
    try {
      const applied = migrateSqlite(db, sqliteMigrations);
      if (applied.length > 0) {
        options.logger?.info({ path, migrations: applied.map((m) => m.version) }, 'applied sqlite migrations');
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteStore(db, path);
  }
}
