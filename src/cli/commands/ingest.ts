import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readEventsFromText } from '../../ingest/openlineage/read-events.js';
import { InputError } from '../../model/errors.js';
import type { IngestOutcome } from '../backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createProgress } from '../format/progress.js';
import { createStyle, type Style } from '../format/style.js';
import { formatCount } from '../format/table.js';
import { CliExit, type CliIo, readStreamText } from '../io.js';
import { withBackend } from '../open-backend.js';

interface IngestOptions extends CommonOptions {
  strict?: boolean;
}

/** Events handed to the ingester at a time: large enough for batched transactions, small enough for a live progress bar. */
const CHUNK = 1_000;

/** A rejected or warned event, with where it was in the input. */
export interface IngestProblem extends IngestOutcome {
  line: number | null;
}

export interface IngestSummary {
  source: string;
  target: string;
  total: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  warned: number;
  problems: IngestProblem[];
}

/**
 * Returns the `ingest` command group, creating it on first use, so other ingesters
 * (`ingest dbt`, `ingest mlflow`) add their subcommands next to `ingest openlineage`.
 */
export function ingestGroup(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'ingest') ??
    program.command('ingest').description('load lineage from a file or another system')
  );
}

/** `rootline ingest openlineage FILE|-`: a JSON event, a JSON array, or NDJSON. */
export function registerIngestCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    ingestGroup(program)
      .command('openlineage')
      .description('ingest OpenLineage events: one JSON event, a JSON array of events, or NDJSON (one per line)')
      .argument('<file>', 'a file, or - for standard input')
      .option('--strict', 'reject events whose standard facets fail their schema instead of keeping them raw'),
  ).action(async (file: string, options: IngestOptions) => {
    const text = await readInput(file, io);
    const read = readEventsFromText(text);
    const style = createStyle(io.isTTY, io.env ?? {});
    const summary = await withBackend(options, io, async (backend) => {
      const progress = createProgress(io.stderr, {
        total: read.events.length,
        label: 'ingesting',
        enabled: io.isTTY && !options.json,
      });
      const outcomes: IngestOutcome[] = [];
      for (let start = 0; start < read.events.length; start += CHUNK) {
        const chunk = read.events.slice(start, start + CHUNK);
        const answer = await backend.ingestOpenLineage(chunk, { strict: options.strict === true });
        outcomes.push(...answer.map((outcome) => ({ ...outcome, index: outcome.index + start })));
        progress.update(start + chunk.length);
      }
      progress.finish();
      return summarize(outcomes, read.lines, file === '-' ? 'standard input' : file, backend.target);
    });
    if (options.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout.write(formatIngestSummary(summary, style));
    if (summary.rejected > 0) throw new CliExit(1);
  });
}

async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    if (!io.stdin) throw new InputError('no standard input to read events from', { path: 'file' });
    return readStreamText(io.stdin);
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new InputError(`cannot read '${file}': ${reason}`, { path: 'file', cause: error });
  }
}

/** Counts outcomes by status and keeps the rejected and warned ones with the input line each came from. */
export function summarize(
  outcomes: readonly IngestOutcome[],
  lines: readonly number[],
  source: string,
  target: string,
): IngestSummary {
  const count = (status: IngestOutcome['status']): number => outcomes.filter((o) => o.status === status).length;
  const problems = outcomes
    .filter((outcome) => outcome.status === 'rejected' || outcome.warnings.length > 0)
    .map((outcome) => ({ ...outcome, line: lines[outcome.index] ?? null }));
  return {
    source,
    target,
    total: outcomes.length,
    accepted: count('accepted'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    warned: outcomes.filter((outcome) => outcome.warnings.length > 0).length,
    problems,
  };
}

/** The human summary: counts, then each rejected or warned event with its line and reasons. */
export function formatIngestSummary(summary: IngestSummary, style: Style): string {
  const width = Math.max(
    1,
    ...[summary.accepted, summary.duplicate, summary.rejected].map((n) => formatCount(n).length),
  );
  const row = (label: string, n: number, colour: (text: string) => string): string =>
    `  ${label.padEnd(10)}${(n > 0 ? colour : (text: string) => text)(formatCount(n).padStart(width))}\n`;
  let out = `${formatCount(summary.total)} event${summary.total === 1 ? '' : 's'} from ${summary.source} into ${summary.target}\n`;
  out += row('accepted', summary.accepted, style.green);
  out += row('duplicate', summary.duplicate, style.dim);
  out += row('rejected', summary.rejected, style.red);
  if (summary.warned > 0) out += row('warnings', summary.warned, style.yellow);
  for (const problem of summary.problems) {
    const where = problem.line !== null ? `line ${problem.line}` : `event ${problem.index + 1}`;
    const head = problem.status === 'rejected' ? style.red(`rejected ${where}`) : style.yellow(`warning ${where}`);
    const issues = problem.status === 'rejected' ? problem.errors : problem.warnings;
    const text = issues.map((issue) => `${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    out += `${head}: ${text[0] ?? 'no reason given'}\n`;
    for (const more of text.slice(1)) out += `  ${' '.repeat(where.length + 8)}${more}\n`;
  }
  return out;
}
