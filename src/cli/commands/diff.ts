import type { Command } from 'commander';
import type { GraphDiff, NodeChange } from '../../analysis/diff.js';
import { InputError } from '../../model/errors.js';
import type { GraphEdge } from '../../model/graph.js';
import { parseNodeId } from '../../model/node-id.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createStyle, type Style } from '../format/style.js';
import { formatCount } from '../format/table.js';
import type { CliIo } from '../io.js';
import { withBackend } from '../open-backend.js';
import { parseTimeFlag } from '../parse-flags.js';

interface DiffOptions extends CommonOptions {
  from: string;
  to?: string;
}

/** Lines listed per section before the rest is summarised; --json always has everything. */
const LIST_LIMIT = 50;

/** `rootline diff --from T --to T`: what the graph gained, lost or changed between two times. */
export function registerDiffCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('diff')
      .description('list nodes and edges added, removed or changed between two times')
      .requiredOption('--from <time>', 'start: an ISO time, or a window ago such as 7d')
      .option('--to <time>', 'end: an ISO time, or a window ago (default: now)'),
  ).action(async (options: DiffOptions) => {
    const now = new Date();
    const from = parseTimeFlag(options.from, '--from', now);
    const to = options.to !== undefined ? parseTimeFlag(options.to, '--to', now) : now.toISOString();
    if (from > to) throw new InputError(`--from (${from}) is after --to (${to})`, { path: '--from' });
    const diff = await withBackend(options, io, (backend) => backend.diff(from, to), { mustExist: true });
    if (options.json) io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
    else io.stdout.write(formatDiff(diff, createStyle(io.isTTY, io.env ?? {})));
  });
}

/**
 * The human diff: counts, then added, removed and reshaped nodes and the edges that changed;
 * nodes touched only by new runs are summarised in one line.
 */
export function formatDiff(diff: GraphDiff, style: Style): string {
  const { nodes, edges } = diff;
  let out = `${style.bold('Changes')} from ${diff.from} to ${diff.to}\n`;
  out += `nodes: ${count(nodes.added.length, 'added')}, ${count(nodes.removed.length, 'removed')}, ${count(nodes.changed.length, 'changed')}\n`;
  out += `edges: ${count(edges.added.length, 'added')}, ${count(edges.removed.length, 'removed')}, ${count(edges.changed.length, 'changed')}\n`;
  out += section(nodes.added, (n) => `${style.green('+')} ${describeChange(n, style)}`);
  out += section(nodes.removed, (n) => `${style.red('-')} ${describeChange(n, style)}`);
  // Most nodes change on every run (facets, updatedAt); schema changes are the ones worth a line.
  const reshaped = nodes.changed.filter((n) => n.schema !== undefined);
  out += section(reshaped, (n) => `${style.yellow('~')} ${describeChange(n, style)}`);
  const touched = nodes.changed.length - reshaped.length;
  if (touched > 0)
    out += style.dim(`  ~ ${formatCount(touched)} other nodes updated by new runs or facets (see --json)\n`);
  out += section(edges.added, (e) => `${style.green('+')} ${describeEdge(e)}`);
  out += section(edges.removed, (e) => `${style.red('-')} ${describeEdge(e)}`);
  out += section(
    edges.changed,
    (c) => `${style.yellow('~')} ${describeEdge(c.after)} ${style.dim(`(was ${transformations(c.before)})`)}`,
  );
  if (diff.partial) out += `${style.yellow('partial:')} more changes happened than were read; narrow the window\n`;
  return out;
}

function count(n: number, what: string): string {
  return `${formatCount(n)} ${what}`;
}

function section<T>(items: readonly T[], line: (item: T) => string): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, LIST_LIMIT).map((item) => `  ${line(item)}\n`);
  const more =
    items.length > LIST_LIMIT ? `  ... and ${formatCount(items.length - LIST_LIMIT)} more (see --json)\n` : '';
  return `${shown.join('')}${more}`;
}

function describeChange(change: NodeChange, style: Style): string {
  let text = `${change.kind.padEnd(12)} ${change.id}  ${style.dim(change.at)}`;
  const schema = change.schema;
  if (schema) {
    const parts = [
      ...schema.added.map((f) => `+${f}`),
      ...schema.removed.map((f) => `-${f}`),
      ...schema.typeChanged.map((t) => `${t.field}: ${t.from ?? '?'} -> ${t.to ?? '?'}`),
    ];
    text += `\n      schema: ${parts.join(', ')}`;
  }
  return text;
}

function describeEdge(edge: GraphEdge): string {
  const via = edge.via && edge.kind === 'DERIVES' ? `  via ${shortId(edge.via)}` : '';
  const how = edge.transformations.length > 0 ? `  [${transformations(edge)}]` : '';
  return `${edge.kind.padEnd(10)} ${shortId(edge.source)} -> ${shortId(edge.target)}${how}${via}`;
}

function transformations(edge: GraphEdge): string {
  if (edge.transformations.length === 0) return 'no transformation';
  return edge.transformations
    .map((t) => `${t.type}${t.subtype ? ` ${t.subtype}` : ''}${t.masking ? ' masked' : ''}`)
    .join(', ');
}

/** An id without its namespace (`stg_payments.amount` for a field), for lines that would not fit; --json keeps full ids. */
function shortId(id: string): string {
  const ref = parseNodeId(id);
  switch (ref.kind) {
    case 'run':
      return id;
    case 'datasetField':
      return `${ref.name}.${ref.field}`;
    case 'modelVersion':
      return `${ref.name} v${ref.version}`;
    case 'assertion':
      return `${ref.name}:${ref.assertion}`;
    default:
      return ref.name;
  }
}
