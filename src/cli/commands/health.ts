import type { Command } from 'commander';
import { withAnalysisBackend } from '../analysis-backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatHealth, formatPii } from '../format/analysis.js';
import { createStyle } from '../format/style.js';
import type { CliIo } from '../io.js';
import { parseIntegerFlag, parseTimeFlag } from '../parse-flags.js';

/** `rootline health` (lineage health checks) and `rootline pii` (where personal data flows). */
export function registerHealthCommands(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('health')
      .description('check the lineage itself: gaps, unowned assets, stale datasets, failing assertions')
      .option('--as-of <time>', 'as the graph was at this ISO time')
      .option('--limit <n>', 'most items listed per check (all are counted)', '100'),
  ).action(async (flags: CommonOptions & { asOf?: string; limit: string }) => {
    const limit = parseIntegerFlag(flags.limit, '--limit', 1, 1000);
    const asOf = flags.asOf ? parseTimeFlag(flags.asOf, '--as-of') : undefined;
    const report = await withAnalysisBackend(flags, io, (backend) =>
      backend.health({ limit, ...(asOf ? { asOf } : {}) }),
    );
    io.stdout.write(
      flags.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${formatHealth(report, createStyle(io.isTTY, io.env ?? {}))}\n`,
    );
  });

  addCommonOptions(
    program
      .command('pii')
      .description('every derived-PII column, feature and model version, with the tagged columns it comes from')
      .option('--under <namespace>', 'only this namespace'),
  ).action(async (flags: CommonOptions & { under?: string }) => {
    const report = await withAnalysisBackend(flags, io, (backend) => backend.pii(flags.under));
    io.stdout.write(
      flags.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${formatPii(report, createStyle(io.isTTY, io.env ?? {}))}\n`,
    );
  });
}
