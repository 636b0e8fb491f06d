import type { Command } from 'commander';
import { impactToCsv } from '../../analysis/impact-csv.js';
import { InputError } from '../../model/errors.js';
import { parseNodeId } from '../../model/node-id.js';
import { withAnalysisBackend } from '../analysis-backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatImpact } from '../format/analysis.js';
import { createStyle } from '../format/style.js';
import type { CliIo } from '../io.js';
import { parseIntegerFlag, parseTimeFlag } from '../parse-flags.js';

interface ImpactFlags extends CommonOptions {
  change?: string;
  asOf?: string;
  depth: string;
  csv?: boolean;
}

const CHANGES = ['drop', 'rename', 'retype'] as const;

/** `rootline impact NODE_ID`: everything downstream a change would affect, with owners and severity. */
export function registerImpactCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('impact')
      .description('what a change to a column, dataset or job would break downstream, up to models and deployments')
      .argument('<node-id>', 'a datasetField, dataset or job id')
      .option('--change <kind>', 'drop, rename or retype (sets severity for retypes)')
      .option('--as-of <time>', 'as the graph was at this ISO time, or a window ago such as 3d')
      .option('--depth <n>', 'how many pipeline steps to follow (a job and its outputs are one)', '50')
      .option('--csv', 'CSV of the affected nodes'),
  ).action(async (nodeId: string, flags: ImpactFlags) => {
    parseNodeId(nodeId);
    const change = flags.change;
    if (change !== undefined && !CHANGES.includes(change as (typeof CHANGES)[number])) {
      throw new InputError(`--change must be one of ${CHANGES.join(', ')}, got '${change}'`, { path: '--change' });
    }
    const report = await withAnalysisBackend(flags, io, (backend) =>
      backend.impact({
        node: nodeId,
        depth: parseIntegerFlag(flags.depth, '--depth', 1, 100),
        ...(change ? { change: change as (typeof CHANGES)[number] } : {}),
        ...(flags.asOf ? { asOf: parseTimeFlag(flags.asOf, '--as-of') } : {}),
      }),
    );
    if (flags.csv) io.stdout.write(impactToCsv(report));
    else if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(`${formatImpact(report, createStyle(io.isTTY, io.env ?? {}))}\n`);
  });
}
