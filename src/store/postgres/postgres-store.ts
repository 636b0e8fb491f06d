import type pg from 'pg';
import type { Logger } from 'pino';
import { SqlStore } from '../sql-store.js';
import { postgresMigrations } from './migrations.js';
import { createPool, migratePostgres, type PostgresConnection, PostgresDriver } from './postgres-driver.js';
import { PostgresPredictionLog } from './postgres-prediction-log.js';

export interface PostgresStoreOptions extends PostgresConnection {
  logger?: Logger;
}

/** The server engine: a `pg` pool over one schema; several processes may share it. */
export class PostgresStore extends SqlStore {
  /** The pool, for modules that keep their own tables beside the graph. */
  readonly pool: pg.Pool;
  readonly schema: string;

  private constructor(pool: pg.Pool, schema: string) {
    super(new PostgresDriver(pool, schema), (driver) => new PostgresPredictionLog(driver));
    this.pool = pool;
    this.schema = schema;
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema ?? 'public';
    const pool = createPool(options);
    try {
      const applied = await migratePostgres(pool, schema, postgresMigrations);
      if (applied.length > 0) {
        options.logger?.info({ schema, migrations: applied.map((m) => m.version) }, 'applied postgres migrations');
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, schema);
  }
}
