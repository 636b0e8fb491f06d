import type { Logger } from 'pino';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** SQLite file path or `:memory:` (default `.rootline/rootline.db` under the working directory). */
  db?: string;
  /** A `postgres://` URL; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created when missing); `public` by default. */
  schema?: string;
  logger?: Logger;
}

/** Opens the configured engine and applies its pending migrations. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) {
    return PostgresStore.open({
      connectionString: options.databaseUrl,
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }
  return SqliteStore.open({
    ...(options.db !== undefined ? { path: options.db } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
