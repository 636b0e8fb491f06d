import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import type { Prediction, PredictionLog } from '../../store/prediction-log.js';
import type { Store } from '../../store/store.js';
import { formatPath } from '../ml/parse-manifest.js';
import { createModelResolver } from './resolve-model-version.js';

export const MAX_PREDICTIONS_PER_BATCH = 10_000;

const recordSchema = z.strictObject({
  id: z.string().min(1).max(256),
  deployment: z.string().min(1).max(2048),
  time: z.string().min(1).max(64),
  features: z.record(z.string(), z.unknown()).default({}),
  output: z.unknown().optional(),
  modelVersion: z.string().min(1).max(2048).optional(),
});

export type PredictionStatus = 'inserted' | 'duplicate' | 'rejected' | 'skipped';

/** The fate of one record; `skipped` records were valid but not written because another was rejected. */
export interface PredictionOutcome {
  index: number;
  id: string | null;
  status: PredictionStatus;
  modelVersion?: string;
  errors: { path: string; message: string; code: 'invalid' | 'conflict' }[];
}

export interface PredictionBatchResult {
  written: boolean;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** Every record that was not simply inserted, in input order. */
  outcomes: PredictionOutcome[];
}

export interface IngestPredictionsOptions {
  maxBatch?: number;
}

/**
 * Logs a batch of predictions: validates each record, resolves its model version from the
 * deployment's SERVES interval at the record's time (unless given), checks its feature names
 * against the model's features, and appends the batch all-or-nothing. Re-sent identical records
 * are duplicates; a re-sent id with different content is a conflict.
 */
export async function ingestPredictions(
  store: Store,
  log: PredictionLog,
  records: readonly unknown[],
  options: IngestPredictionsOptions = {},
): Promise<PredictionBatchResult> {
  const max = options.maxBatch ?? MAX_PREDICTIONS_PER_BATCH;
  if (records.length > max) {
    throw new InputError(`batch has ${records.length} predictions; send at most ${max} per request`, { path: '' });
  }
  const resolver = createModelResolver(store);
  const outcomes: PredictionOutcome[] = [];
  const valid: { index: number; prediction: Prediction }[] = [];
  const seen = new Map<string, { index: number; prediction: Prediction }>();

  for (const [index, raw] of records.entries()) {
    const outcome: PredictionOutcome = { index, id: idOf(raw), status: 'rejected', errors: [] };
    outcomes.push(outcome);
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        outcome.errors.push({ path: prefix(index, formatPath(issue.path)), message: issue.message, code: 'invalid' });
      }
      continue;
    }
    const pending = resolver.resolve(parsed.data);
    const resolved = pending instanceof Promise ? await pending : pending;
    if (!resolved.ok) {
      outcome.errors.push({ path: prefix(index, resolved.path), message: resolved.message, code: 'invalid' });
      continue;
    }
    outcome.modelVersion = resolved.prediction.modelVersion;
    const earlier = seen.get(resolved.prediction.id);
    if (earlier) {
      if (JSON.stringify(earlier.prediction) === JSON.stringify(resolved.prediction)) outcome.status = 'duplicate';
      else
        outcome.errors.push({
          path: prefix(index, 'id'),
          message: `id ${resolved.prediction.id} appears twice in the batch with different content`,
          code: 'conflict',
        });
      continue;
    }
    const entry = { index, prediction: resolved.prediction };
    seen.set(resolved.prediction.id, entry);
    valid.push(entry);
  }

  if (outcomes.some((o) => o.errors.length > 0)) return finish(outcomes, false);
  const statuses = await log.append(valid.map((v) => v.prediction));
  const conflict = statuses.includes('conflict');
  valid.forEach((entry, i) => {
    const outcome = outcomes[entry.index];
    if (!outcome) return;
    const status = statuses[i];
    if (status === 'conflict') {
      outcome.status = 'rejected';
      outcome.errors.push({
        path: prefix(entry.index, 'id'),
        message: `prediction ${entry.prediction.id} is already logged with different content`,
        code: 'conflict',
      });
    } else if (status === 'duplicate') outcome.status = 'duplicate';
    else outcome.status = conflict ? 'skipped' : 'inserted';
  });
  return finish(outcomes, !conflict);
}

function finish(outcomes: PredictionOutcome[], written: boolean): PredictionBatchResult {
  if (!written) for (const o of outcomes) if (o.errors.length === 0 && o.status !== 'duplicate') o.status = 'skipped';
  return {
    written,
    inserted: outcomes.filter((o) => o.status === 'inserted').length,
    duplicates: outcomes.filter((o) => o.status === 'duplicate').length,
    rejected: outcomes.filter((o) => o.status === 'rejected').length,
    outcomes: outcomes.filter((o) => o.status !== 'inserted'),
  };
}

/** True when every problem of a rejected batch is a conflict with what is already logged (HTTP 409). */
export function isConflictOnly(result: PredictionBatchResult): boolean {
  const errors = result.outcomes.flatMap((o) => o.errors);
  return errors.length > 0 && errors.every((e) => e.code === 'conflict');
}

function prefix(index: number, path: string): string {
  return path ? `[${index}].${path}` : `[${index}]`;
}

function idOf(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || !('id' in raw)) return null;
  return typeof raw.id === 'string' ? raw.id : null;
}

const PRUNE_INTERVAL_MS = 10 * 60_000;
const lastPrune = new WeakMap<PredictionLog, number>();

/**
 * Applies a retention policy: deletes predictions older than `retentionMs` before `now`, at most
 * once every ten minutes per log, so callers can invoke it after every batch. Returns how many
 * predictions went (0 when it was not yet time).
 */
export async function applyRetention(log: PredictionLog, retentionMs: number, now = Date.now()): Promise<number> {
  const last = lastPrune.get(log);
  if (last !== undefined && now - last < PRUNE_INTERVAL_MS) return 0;
  lastPrune.set(log, now);
  return log.prune(new Date(now - retentionMs).toISOString());
}
