import { canonicalJson } from '../model/canonical-json.js';
import { appendEvent } from './event-log.js';
import type { PredictionLog } from './prediction-log.js';
import { addToSegment, createSegmentHasher, type RetentionCheckpoint } from './pruned-segment.js';
import type { SqlDriver } from './sql-driver.js';
import type { RetentionCutoffs, RetentionReport } from './store.js';

/** Records retention never prunes: they are the proof of who did what, and they are small. */
const KEPT_SOURCES = "('admin', 'audit', 'retention')";

/**
 * Applies retention cutoffs (see `Store.applyRetention`). Predictions are pruned first, in their
 * own component; run details and event payloads are pruned in one write transaction together
 * with the checkpoint record, so the log never holds a pruned payload without its checkpoint.
 */
export async function pruneHistory(
  driver: SqlDriver,
  predictions: PredictionLog,
  cutoffs: RetentionCutoffs,
  actor: string | null,
): Promise<RetentionReport> {
  const predictionCount = cutoffs.predictionsBefore ? await predictions.prune(cutoffs.predictionsBefore) : 0;
  return driver.writeTransaction(async (tx) => {
    const runs = cutoffs.runsBefore
      ? await tx.run(
          `UPDATE runs SET facets = '{}', error_message = NULL WHERE created_at < ? AND (facets <> '{}' OR error_message IS NOT NULL)`,
          [cutoffs.runsBefore],
        )
      : 0;
    const pruned = cutoffs.eventsBefore
      ? await tx.all<{ seq: number; payload_hash: string }>(
          `SELECT seq, payload_hash FROM events
            WHERE received_at < ? AND pruned_by IS NULL AND source NOT IN ${KEPT_SOURCES} ORDER BY seq`,
          [cutoffs.eventsBefore],
        )
      : [];
    if (runs === 0 && predictionCount === 0 && pruned.length === 0) {
      return { checkpoint: null, runs: 0, predictions: 0, events: 0, segmentHash: null };
    }
    let segmentHash: string | null = null;
    if (pruned.length > 0) {
      const hasher = createSegmentHasher();
      for (const row of pruned) addToSegment(hasher, Number(row.seq), row.payload_hash);
      segmentHash = hasher.digest('hex');
    }
    const at = new Date().toISOString();
    const payload: RetentionCheckpoint = {
      action: 'retention.apply',
      at,
      cutoffs,
      runs,
      predictions: predictionCount,
      events: {
        count: pruned.length,
        first: pruned[0] ? Number(pruned[0].seq) : null,
        last: pruned.at(-1) ? Number(pruned.at(-1)?.seq) : null,
        segmentHash,
      },
    };
    const appended = await appendEvent(
      tx,
      { source: 'retention', actor, payload, eventTime: at },
      canonicalJson(payload),
    );
    if (pruned.length > 0 && cutoffs.eventsBefore) {
      await tx.run(
        `UPDATE events SET payload = 'null', pruned_by = ?
          WHERE received_at < ? AND pruned_by IS NULL AND source NOT IN ${KEPT_SOURCES} AND seq < ?`,
        [appended.seq, cutoffs.eventsBefore, appended.seq],
      );
    }
    return { checkpoint: appended.seq, runs, predictions: predictionCount, events: pruned.length, segmentHash };
  });
}
