import type { Command } from 'commander';
import { withAnalysisBackend } from '../analysis-backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatSchemaChanges } from '../format/analysis.js';
import { createStyle } from '../format/style.js';
import type { CliIo } from '../io.js';
import { parseTimeFlag } from '../parse-flags.js';

/** `rootline changes --since 7d`: schema changes that reached downstream consumers. */
export function registerChangesCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('changes')
      .description('schema changes (dropped, renamed, retyped columns) with downstream impact')
      .option('--since <window>', 'an ISO time or a window such as 7d, 12h', '7d')
      .option('--as-of <time>', 'the end of the window, an ISO time or a window ago such as 1d (default now)'),
  ).action(async (flags: CommonOptions & { since: string; asOf?: string }) => {
    const since = parseTimeFlag(flags.since, '--since');
    const until = flags.asOf ? parseTimeFlag(flags.asOf, '--as-of') : undefined;
    const report = await withAnalysisBackend(flags, io, (backend) => backend.changes(since, until));
    io.stdout.write(
      flags.json
        ? `${JSON.stringify({ since, changes: report.changes, partial: report.partial }, null, 2)}\n`
        : `${formatSchemaChanges(report, createStyle(io.isTTY, io.env ?? {}))}\n`,
    );
  });
}
