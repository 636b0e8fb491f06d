import type { Command } from 'commander';
import { readEventsFromText } from '../../ingest/openlineage/read-events.js';
import { MAX_PREDICTIONS_PER_BATCH, type PredictionOutcome } from '../../ingest/predictions/ingest-predictions.js';
import { parseDuration } from '../../model/time.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createStyle } from '../format/style.js';
import { formatCount } from '../format/table.js';
import { CliExit, type CliIo } from '../io.js';
import { withMlBackend } from '../ml-backend.js';
import { readInputFile } from '../read-input-file.js';
import { ingestGroup } from './ingest.js';

interface PredictionOptions extends CommonOptions {
  retention?: string;
}

interface PredictionSummary {
  source: string;
  target: string;
  total: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** Records not written because another record of their batch was rejected. */
  skipped: number;
  problems: (PredictionOutcome & { line: number | null })[];
}

/** `rootline ingest predictions FILE`: a JSON array or NDJSON of predictions, in batches of 10,000. */
export function registerIngestPredictionsCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    ingestGroup(program)
      .command('predictions')
      .description(
        'log predictions: a JSON array or NDJSON of {id, deployment, time, features, output[, modelVersion]}',
      )
      .argument('<file>', 'a file, or - for standard input')
      .option('--retention <duration>', 'afterwards delete predictions older than this (e.g. 90d)'),
  ).action(async (file: string, options: PredictionOptions) => {
    const retentionMs = options.retention ? parseDuration(options.retention, '--retention') : null;
    const read = readEventsFromText(await readInputFile(file, io));
    const summary = await withMlBackend(options, io, async (backend) => {
      const out: PredictionSummary = {
        source: file === '-' ? 'standard input' : file,
        target: backend.target,
        total: read.events.length,
        inserted: 0,
        duplicates: 0,
        rejected: 0,
        skipped: 0,
        problems: [],
      };
      for (let start = 0; start < read.events.length; start += MAX_PREDICTIONS_PER_BATCH) {
        const batch = read.events.slice(start, start + MAX_PREDICTIONS_PER_BATCH);
        const result = await backend.logPredictions(batch, { retentionMs });
        out.inserted += result.inserted;
        out.duplicates += result.duplicates;
        out.rejected += result.rejected;
        for (const outcome of result.outcomes) {
          if (outcome.status === 'skipped') out.skipped += 1;
          if (outcome.errors.length === 0) continue;
          const index = outcome.index + start;
          out.problems.push({ ...outcome, index, line: read.lines[index] ?? null });
        }
      }
      return out;
    });
    if (options.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout.write(formatSummary(summary, createStyle(io.isTTY, io.env ?? {})));
    if (summary.rejected > 0) throw new CliExit(1);
  });
}

function formatSummary(summary: PredictionSummary, style: ReturnType<typeof createStyle>): string {
  let out = `${formatCount(summary.total)} prediction${summary.total === 1 ? '' : 's'} from ${summary.source} into ${summary.target}\n`;
  out += `  logged     ${formatCount(summary.inserted)}\n  duplicate  ${formatCount(summary.duplicates)}\n`;
  if (summary.rejected > 0) out += `  ${style.red('rejected')}   ${formatCount(summary.rejected)}\n`;
  if (summary.skipped > 0) out += `  not written ${formatCount(summary.skipped)} (their batch had rejected records)\n`;
  for (const problem of summary.problems.slice(0, 50)) {
    const where = problem.line !== null ? `line ${problem.line}` : `record ${problem.index + 1}`;
    for (const error of problem.errors) out += `${style.red(`rejected ${where}`)}: ${error.path}: ${error.message}\n`;
  }
  if (summary.problems.length > 50) out += `  ... and ${summary.problems.length - 50} more rejected records\n`;
  return out;
}
