import type { Command } from 'commander';
import type { ChainReport } from '../../store/store.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createStyle } from '../format/style.js';
import { formatCount } from '../format/table.js';
import { CliExit, type CliIo } from '../io.js';
import { withBackend } from '../open-backend.js';

/** `rootline verify`: recomputes the event log's hash chain; exit 1 names the first broken record. */
export function registerVerifyCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('verify')
      .description('recompute the hash chain of the event log and report the first broken record'),
  ).action(async (options: CommonOptions) => {
    const report = await withBackend(options, io, (backend) => backend.verify(), { mustExist: true });
    if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(`${formatChainReport(report, createStyle(io.isTTY, io.env ?? {}))}\n`);
    if (!report.ok) throw new CliExit(1);
  });
}

/** One line: the chain is intact (with how many records were checked), or where it first breaks. */
export function formatChainReport(report: ChainReport, style: ReturnType<typeof createStyle>): string {
  if (report.ok) {
    return `${style.green('✓')} event log intact: ${formatCount(report.checked)} record${report.checked === 1 ? '' : 's'} checked`;
  }
  const broken = report.firstBroken;
  const where = broken ? `record ${broken.seq}: ${broken.reason}` : 'an unidentified record';
  return `${style.red('✗')} event log broken at ${where} (${formatCount(report.checked)} records checked)`;
}
