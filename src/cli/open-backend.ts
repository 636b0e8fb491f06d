import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import type { CliBackend } from './backend.js';
import { type CommonOptions, type Connection, describeConnection, resolveConnection } from './connection.js';
import type { CliIo } from './io.js';
import { createLocalBackend } from './local-backend.js';
import { createServerBackend } from './server-backend.js';

export interface OpenOptions {
  /**
   * For commands that only read: a SQLite file that does not exist is an input error (a typo in
   * `--db`, or the wrong folder) instead of a new empty database.
   */
  mustExist?: boolean;
  /**
   * Evaluate alert rules after each accepted ingest and deliver before closing (default true).
   * `rootline serve` turns it off: the server runs its own hook and delivery worker. Logged
   * predictions are counted into the drift histograms either way.
   */
  alerts?: boolean;
}

/** Opens the store a local connection points at, creating the SQLite file and its folder when needed. */
export async function openLocalStore(
  connection: Extract<Connection, { kind: 'local' }>,
  options: OpenOptions = {},
): Promise<Store> {
  // Loaded on demand so `--help`, `--version` and `--server` commands skip the database drivers.
  const { openStore } = await import('../store/open-store.js');
  const { observeLocalStore } = await import('../active/active-runtime.js');
  const { observeIngest } = await import('../active/observe-ingest.js');
  // Without alerts the store still keeps the drift histograms of the predictions it logs (serve --demo).
  const observe = (store: Store) =>
    options.alerts === false ? observeIngest(store, () => undefined) : observeLocalStore(store, alertLogger);
  if (connection.databaseUrl !== undefined) return observe(await openStore({ databaseUrl: connection.databaseUrl }));
  if (connection.db !== ':memory:') {
    if (options.mustExist && !existsSync(connection.db)) {
      throw new InputError(
        `no database at '${connection.db}': pass --db, --database-url or --server, or load data first (rootline ingest, rootline demo)`,
        { path: '--db' },
      );
    }
    mkdirSync(dirname(connection.db), { recursive: true });
  }
  return observe(await openStore({ db: connection.db }));
}

/** Alert evaluation and delivery problems of a CLI run go to standard error. */
const alertLogger = {
  warn: (fields: Record<string, unknown>, message: string) =>
    void process.stderr.write(`rootline: ${message} ${JSON.stringify(fields)}\n`),
  error: (fields: Record<string, unknown>, message: string) =>
    void process.stderr.write(`rootline: ${message} ${JSON.stringify({ ...fields, err: String(fields.err ?? '') })}\n`),
};

/** Opens the backend the options point at, runs `work` with it and always closes it. */
export async function withBackend<T>(
  options: CommonOptions,
  io: CliIo,
  work: (backend: CliBackend) => Promise<T>,
  openOptions: OpenOptions = {},
): Promise<T> {
  const connection = resolveConnection(options, io.env ?? {});
  const backend =
    connection.kind === 'server'
      ? createServerBackend(connection.url, { token: io.env?.ROOTLINE_TOKEN })
      : createLocalBackend(await openLocalStore(connection, openOptions), describeConnection(connection));
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}
