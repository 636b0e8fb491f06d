import type { Command } from 'commander';
import { parseNodeId } from '../../model/node-id.js';
import type { Direction } from '../../store/store.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatLineageTree } from '../format/lineage-tree.js';
import { createStyle } from '../format/style.js';
import type { CliIo } from '../io.js';
import { withBackend } from '../open-backend.js';
import { parseIntegerFlag, parseTimeFlag } from '../parse-flags.js';

interface LineageOptions extends CommonOptions {
  upstream?: boolean;
  downstream?: boolean;
  depth: string;
  column?: boolean;
  asOf?: string;
}

export const DEFAULT_LINEAGE_DEPTH = 20;

/** `rootline lineage NODE_ID`: the upstream and/or downstream graph of a node as a tree. */
export function registerLineageCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('lineage')
      .description('show what a node reads from (upstream) and what reads from it (downstream)')
      .argument('<node-id>', 'e.g. dataset:postgres://db:5432:public.orders or job:airflow:daily.orders')
      .option('--upstream', 'only what the node depends on')
      .option('--downstream', 'only what depends on the node')
      .option('--depth <n>', 'how many edges to follow', String(DEFAULT_LINEAGE_DEPTH))
      .option('--column', 'column-level lineage (a dataset stands for its columns)')
      .option('--as-of <time>', 'the graph as it was at this ISO time, or a window ago such as 3d'),
  ).action(async (nodeId: string, options: LineageOptions) => {
    parseNodeId(nodeId);
    const depth = parseIntegerFlag(options.depth, '--depth', 1, 100);
    const asOf = options.asOf !== undefined ? parseTimeFlag(options.asOf, '--as-of') : undefined;
    const direction: Direction =
      options.upstream && !options.downstream
        ? 'upstream'
        : options.downstream && !options.upstream
          ? 'downstream'
          : 'both';
    const graph = await withBackend(
      options,
      io,
      (backend) =>
        backend.lineage({ node: nodeId, direction, depth, level: options.column ? 'column' : 'dataset', asOf }),
      { mustExist: true },
    );
    if (options.json) {
      io.stdout.write(`${JSON.stringify(graph, null, 2)}\n`);
      return;
    }
    const style = createStyle(io.isTTY, io.env ?? {});
    io.stdout.write(`${formatLineageTree(graph, nodeId, direction, style)}\n`);
    if (graph.partial) {
      io.stderr.write(
        `${style.yellow('partial:')} the walk stopped at --depth ${depth} or the node limit; more lineage exists\n`,
      );
    }
  });
}
