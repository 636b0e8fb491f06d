import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../model/errors.js';

/** The options every command takes: where the data is, and how to print it. */
export interface CommonOptions {
  db?: string | undefined;
  databaseUrl?: string | undefined;
  server?: string | undefined;
  json?: boolean | undefined;
}

/** Where a command's data lives: an embedded or PostgreSQL database opened in-process, or a running server. */
export type Connection =
  | { kind: 'local'; db: string; databaseUrl: string | undefined }
  | { kind: 'server'; url: string };

export const DEFAULT_DB = '.rootline/rootline.db';

/** Adds `--db`, `--database-url`, `--server` and `--json` to a command. */
export function addCommonOptions(command: Command): Command {
  return command
    .option('--db <path>', `SQLite database file (env ROOTLINE_DB; default ${DEFAULT_DB})`)
    .option('--database-url <url>', 'PostgreSQL connection URL (env ROOTLINE_DATABASE_URL)')
    .option('--server <url>', 'talk to a running Rootline server over HTTP instead of opening the database')
    .option('--json', 'print machine-readable JSON');
}

const serverUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const databaseUrl = z.string().regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' });

/**
 * Decides where the data is from flags first, then ROOTLINE_DB / ROOTLINE_DATABASE_URL, then the
 * default SQLite file. `--server` wins over everything and cannot be combined with database flags.
 */
export function resolveConnection(options: CommonOptions, env: Record<string, string | undefined> = {}): Connection {
  if (options.server !== undefined) {
    if (options.db !== undefined || options.databaseUrl !== undefined) {
      throw new InputError('--server talks to a running server; it cannot be combined with --db or --database-url', {
        path: '--server',
      });
    }
    const parsed = serverUrl.safeParse(options.server);
    if (!parsed.success) {
      throw new InputError(`--server '${options.server}' ${parsed.error.issues[0]?.message ?? 'is not a URL'}`, {
        path: '--server',
      });
    }
    return { kind: 'server', url: parsed.data.replace(/\/+$/, '') };
  }
  const url = options.databaseUrl ?? nonEmpty(env.ROOTLINE_DATABASE_URL);
  if (url !== undefined) {
    const parsed = databaseUrl.safeParse(url);
    if (!parsed.success) {
      const source = options.databaseUrl !== undefined ? '--database-url' : 'ROOTLINE_DATABASE_URL';
      throw new InputError(`${source} ${parsed.error.issues[0]?.message ?? 'is not a URL'}`, { path: source });
    }
  }
  const db = options.db ?? nonEmpty(env.ROOTLINE_DB) ?? DEFAULT_DB;
  return { kind: 'local', db, databaseUrl: url };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** A short description of where the data is, for banners and summaries. */
export function describeConnection(connection: Connection): string {
  if (connection.kind === 'server') return connection.url;
  if (connection.databaseUrl !== undefined) return redactUrl(connection.databaseUrl);
  return connection.db;
}

/** Hides the password of a database URL. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
