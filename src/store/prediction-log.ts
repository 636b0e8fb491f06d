import { canonicalJson } from '../model/canonical-json.js';
import type { Page } from './store.js';

/**
 * One logged prediction. Predictions are not graph nodes (there may be billions): they live in a
 * log of their own, indexed by time, and a trace joins one to the graph as of its time.
 */
export interface Prediction {
  id: string;
  deployment: string;
  modelVersion: string;
  /** Canonical ISO time (`parseTime`), so times compare as strings. */
  time: string;
  features: Record<string, unknown>;
  output: unknown;
}

/** What happened to each record of an append, in input order. */
export type PredictionAppendStatus = 'inserted' | 'duplicate' | 'conflict';

export interface PredictionQuery {
  deployment?: string;
  modelVersion?: string;
  /** Inclusive lower bound on time. */
  from?: string;
  /** Exclusive upper bound on time. */
  to?: string;
  limit?: number;
  offset?: number;
}

/**
 * The prediction log, a store component of its own: SQLite keeps one time-indexed table,
 * PostgreSQL a table partitioned by month. Both pass one contract suite.
 */
export interface PredictionLog {
  /**
   * Appends records atomically. A record whose id is already logged with the same content is a
   * `duplicate` (nothing changes); with different content a `conflict`. When any record is a
   * conflict nothing at all is written. Ids must be unique within one call.
   */
  append(records: readonly Prediction[]): Promise<PredictionAppendStatus[]>;
  get(id: string): Promise<Prediction | null>;
  /** Newest first. */
  list(query: PredictionQuery): Promise<Page<Prediction>>;
  /** Deletes predictions older than `before` (the retention policy); returns how many went. */
  prune(before: string): Promise<number>;
}

/**
 * Whether a re-sent prediction is the one already logged (same deployment, model version, time,
 * features and output, whatever the key order). Only called for ids that are already logged, so
 * the fast path of an append never serialises canonically.
 */
export function isSamePrediction(a: Prediction, b: Prediction): boolean {
  const content = (p: Prediction) =>
    canonicalJson([p.deployment, p.modelVersion, p.time, p.features, p.output ?? null]);
  return content(a) === content(b);
}

export const PREDICTION_LIST_LIMIT = 1000;

/** Clamps a page size to what one list call may return. */
export function pageLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(limit ?? 100, PREDICTION_LIST_LIMIT));
}
