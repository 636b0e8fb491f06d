import { createHash, type Hash } from 'node:crypto';
import type { RetentionCutoffs } from './store.js';

/** An incremental SHA-256 over pruned records, each contributing `seq:payloadHash\n` in sequence order. */
export function createSegmentHasher(): Hash {
  return createHash('sha256');
}

export function addToSegment(hasher: Hash, seq: number, payloadHash: string): void {
  hasher.update(`${seq}:${payloadHash}\n`);
}

/** The payload of a `retention` checkpoint record. */
export interface RetentionCheckpoint {
  action: 'retention.apply';
  at: string;
  cutoffs: RetentionCutoffs;
  runs: number;
  predictions: number;
  events: { count: number; first: number | null; last: number | null; segmentHash: string | null };
}

/** Reads the segment hash a checkpoint payload declares, or null when it is not a checkpoint. */
export function checkpointSegmentHash(payload: unknown): string | null | undefined {
  if (payload === null || typeof payload !== 'object' || !('events' in payload)) return undefined;
  const events = payload.events;
  if (events === null || typeof events !== 'object' || !('segmentHash' in events)) return undefined;
  return typeof events.segmentHash === 'string' ? events.segmentHash : null;
}
