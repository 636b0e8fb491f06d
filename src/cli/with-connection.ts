import { userInfo } from 'node:os';
import type { Store } from '../store/store.js';
import { type CommonOptions, resolveConnection } from './connection.js';
import { createHttpClient, type HttpClient } from './http-client.js';
import type { CliIo } from './io.js';
import { type OpenOptions, openLocalStore } from './open-backend.js';

/** How a command does its work: on a database opened in-process, or through a running server. */
export interface ConnectionHandlers<T> {
  local(store: Store, actor: string): Promise<T>;
  server(http: HttpClient): Promise<T>;
}

/**
 * The actor recorded for work done on a database directly (no token involved): whoever can open
 * the file or connect to the database is trusted, and the log says which OS user it was.
 */
export function localActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (some containers): still say it came from the CLI.
    return 'cli';
  }
}

/** Runs `handlers.local` with the store (closed after) or `handlers.server` with ROOTLINE_TOKEN sent. */
export async function withConnection<T>(
  options: CommonOptions,
  io: CliIo,
  handlers: ConnectionHandlers<T>,
  openOptions: OpenOptions = {},
): Promise<T> {
  const connection = resolveConnection(options, io.env ?? {});
  if (connection.kind === 'server') {
    return handlers.server(createHttpClient(connection.url, { token: io.env?.ROOTLINE_TOKEN }));
  }
  const store = await openLocalStore(connection, openOptions);
  try {
    return await handlers.local(store, localActor());
  } finally {
    await store.close();
  }
}
