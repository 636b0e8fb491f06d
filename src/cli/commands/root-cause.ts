import type { Command } from 'commander';
import { parseNodeId } from '../../model/node-id.js';
import { withAnalysisBackend } from '../analysis-backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatRootCause } from '../format/analysis.js';
import { createStyle } from '../format/style.js';
import type { CliIo } from '../io.js';
import { parseIntegerFlag, parseTimeFlag } from '../parse-flags.js';

interface RootCauseFlags extends CommonOptions {
  since: string;
  depth: string;
  asOf?: string;
}

/** `rootline root-cause NODE_ID --since 7d`: ranked upstream causes with evidence. */
export function registerRootCauseCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('root-cause')
      .description('rank what changed or failed upstream of a dataset, column, model version or deployment')
      .argument('<node-id>', 'the misbehaving node')
      .option('--since <window>', 'how far back to look: an ISO time or a window such as 7d, 12h', '7d')
      .option('--depth <n>', 'how many pipeline steps upstream to look (a job and its inputs are one)', '20')
      .option('--as-of <time>', 'the end of the window, an ISO time or a window ago such as 1d (default now)'),
  ).action(async (nodeId: string, flags: RootCauseFlags) => {
    parseNodeId(nodeId);
    const since = parseTimeFlag(flags.since, '--since');
    const depth = parseIntegerFlag(flags.depth, '--depth', 1, 100);
    const until = flags.asOf ? parseTimeFlag(flags.asOf, '--as-of') : undefined;
    const report = await withAnalysisBackend(flags, io, (backend) =>
      backend.rootCause({ node: nodeId, since, depth, ...(until ? { until } : {}) }),
    );
    io.stdout.write(
      flags.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : `${formatRootCause(report, createStyle(io.isTTY, io.env ?? {}))}\n`,
    );
  });
}
