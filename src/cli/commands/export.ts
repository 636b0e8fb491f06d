import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { exportLog, importLog } from '../../ingest/replay/export-log.js';
import { InputError } from '../../model/errors.js';
import { addCommonOptions, type CommonOptions, describeConnection, resolveConnection } from '../connection.js';
import { formatCount } from '../format/table.js';
import type { CliIo } from '../io.js';
import { openLocalStore } from '../open-backend.js';

function localOnly(options: CommonOptions, io: CliIo, verb: string) {
  const connection = resolveConnection(options, io.env ?? {});
  if (connection.kind === 'server') {
    throw new InputError(`${verb} works on a database (--db or --database-url), not through a server`, {
      path: '--server',
    });
  }
  return connection;
}

/**
 * `rootline export` (the event log and the prediction log as NDJSON on stdout) and
 * `rootline import FILE` (into an empty database of either engine): backups, and the way from
 * the embedded SQLite file to PostgreSQL.
 */
export function registerExportCommands(program: Command, io: CliIo): void {
  addCommonOptions(
    program.command('export').description('write the event log and the prediction log as NDJSON to stdout (a backup)'),
  ).action(async (options: CommonOptions) => {
    const connection = localOnly(options, io, 'export');
    const store = await openLocalStore(connection, { mustExist: true });
    try {
      const counts = await exportLog(store, (line) => io.stdout.write(line));
      io.stderr.write(
        `exported ${formatCount(counts.events)} records and ${formatCount(counts.predictions)} predictions from ${describeConnection(connection)}\n`,
      );
    } finally {
      await store.close();
    }
  });

  addCommonOptions(
    program
      .command('import')
      .description('rebuild an empty database from an export, re-applying every record through its ingest path')
      .argument('<file>', 'an NDJSON file written by rootline export'),
  ).action(async (file: string, options: CommonOptions) => {
    const connection = localOnly(options, io, 'import');
    const store = await openLocalStore(connection);
    try {
      const existing = await store.listEvents({ limit: 1 });
      if (existing.total > 0) {
        throw new InputError(
          `${describeConnection(connection)} already holds ${existing.total} records; import needs an empty database`,
          {
            path: '--db',
          },
        );
      }
      const stream = createReadStream(file, { encoding: 'utf8' });
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      const summary = await importLog(store, lines).catch((error: unknown) => {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
          throw new InputError(`no file '${file}'`, { path: 'file', cause: error });
        }
        throw error;
      });
      const report = await store.verifyChain();
      if (options.json) {
        io.stdout.write(`${JSON.stringify({ ...summary, chain: report }, null, 2)}\n`);
        return;
      }
      io.stdout.write(
        `imported ${formatCount(summary.events)} records and ${formatCount(summary.predictions)} predictions into ${describeConnection(connection)}; chain ${report.ok ? 'intact' : 'BROKEN'}\n`,
      );
      if (summary.notReplayed.length > 0) {
        io.stderr.write(
          `${summary.notReplayed.length} records kept in the chain could not be re-applied (pruned payloads, digest-only dbt, MLflow or Feast snapshots): seq ${summary.notReplayed
            .slice(0, 10)
            .map((r) => r.seq)
            .join(', ')}${summary.notReplayed.length > 10 ? ', ...' : ''}\n`,
        );
      }
      if (summary.subscriptions.length > 0) {
        io.stdout.write(
          `${summary.subscriptions.length} alert subscriptions restored with new signing secrets (the export holds none); give each receiver its new one:\n`,
        );
        for (const { id, secret } of summary.subscriptions) io.stdout.write(`  ${id}  ${secret}\n`);
      }
    } finally {
      await store.close();
    }
  });
}
