import type { Hash } from 'node:crypto';
import { canonicalJson, sha256 } from '../model/canonical-json.js';
import { addToSegment, checkpointSegmentHash, createSegmentHasher } from './pruned-segment.js';
import type { EventRow } from './rows.js';
import type { SqlExecutor, SqlValue } from './sql-driver.js';
import type { ChainReport, EventInput } from './store.js';

/** The `prevHash` of the first record in the log. */
export const GENESIS_HASH = '0'.repeat(64);

export const EVENT_COLUMNS = 'seq, source, actor, event_time, received_at, payload, payload_hash, prev_hash, hash';

export interface EventHeader {
  seq: number;
  source: string;
  actor: string | null;
  eventTime: string | null;
  receivedAt: string;
  payloadHash: string;
  prevHash: string;
}

/** The record hash: SHA-256 of the canonical JSON of the header fields. */
export function hashEventHeader(header: EventHeader): string {
  return sha256(
    canonicalJson({
      seq: header.seq,
      source: header.source,
      actor: header.actor,
      eventTime: header.eventTime,
      receivedAt: header.receivedAt,
      payloadHash: header.payloadHash,
      prevHash: header.prevHash,
    }),
  );
}

/** The values of an `events` row in {@link EVENT_COLUMNS} order. */
export function eventRow(header: EventHeader, payloadText: string | null, hash: string): SqlValue[] {
  return [
    header.seq,
    header.source,
    header.actor,
    header.eventTime,
    header.receivedAt,
    payloadText,
    header.payloadHash,
    header.prevHash,
    hash,
  ];
}

export type AppendResult =
  | { status: 'duplicate'; seq: number; hash: string }
  | { status: 'accepted'; seq: number; hash: string; receivedAt: string };

/**
 * Appends one record to the chain. Must run inside the driver's write transaction, which
 * serialises appenders so the last record read here is still the last one when this commits.
 */
export async function appendEvent(tx: SqlExecutor, input: EventInput, payloadText: string): Promise<AppendResult> {
  const payloadHash = sha256(payloadText);
  // One round trip for both questions: is this payload logged already, and what is the last record.
  const rows = await tx.all<{ seq: number; hash: string; dup: number }>(
    `SELECT seq, hash, 1 AS dup FROM events WHERE payload_hash = ?
      UNION ALL SELECT * FROM (SELECT seq, hash, 0 AS dup FROM events ORDER BY seq DESC LIMIT 1) last_record`,
    [payloadHash],
  );
  const existing = rows.find((row) => Number(row.dup) === 1);
  if (existing) return { status: 'duplicate', seq: existing.seq, hash: existing.hash };
  const last = rows.find((row) => Number(row.dup) === 0);
  const header: EventHeader = {
    seq: (last?.seq ?? 0) + 1,
    source: input.source,
    actor: input.actor,
    eventTime: input.eventTime,
    receivedAt: new Date().toISOString(),
    payloadHash,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashEventHeader(header);
  await tx.run(
    `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    eventRow(header, payloadText, hash),
  );
  return { status: 'accepted', seq: header.seq, hash, receivedAt: header.receivedAt };
}

/**
 * Why a stored record does not fit the chain, or null when it does. A record whose payload
 * retention dropped (`pruned_by`) cannot have its payload rehashed; it joins the segment of its
 * checkpoint, whose stored segment hash is compared when the checkpoint record is reached.
 */
function checkRecord(row: EventRow, expectedSeq: number, prevHash: string, segments: Map<number, Hash>): string | null {
  if (row.seq !== expectedSeq) return `sequence gap: expected record ${expectedSeq}, found ${row.seq}`;
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch (error) {
    return `payload is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const prunedBy = row.pruned_by == null ? null : Number(row.pruned_by);
  if (prunedBy !== null) {
    if (prunedBy <= row.seq) return `pruned by record ${prunedBy}, which is not a later checkpoint`;
    let hasher = segments.get(prunedBy);
    if (!hasher) {
      hasher = createSegmentHasher();
      segments.set(prunedBy, hasher);
    }
    addToSegment(hasher, row.seq, row.payload_hash);
  } else if (sha256(canonicalJson(payload)) !== row.payload_hash) {
    return 'payload hash does not match the stored payload';
  }
  if (row.source === 'retention') {
    const declared = checkpointSegmentHash(payload);
    const hasher = segments.get(row.seq);
    segments.delete(row.seq);
    const actual = hasher ? hasher.digest('hex') : null;
    if ((declared ?? null) !== actual) return 'the pruned records do not match the segment hash of this checkpoint';
  }
  if (row.prev_hash !== prevHash) return "prevHash does not match the previous record's hash";
  const hash = hashEventHeader({
    seq: row.seq,
    source: row.source,
    actor: row.actor,
    eventTime: row.event_time,
    receivedAt: row.received_at,
    payloadHash: row.payload_hash,
    prevHash: row.prev_hash,
  });
  if (hash !== row.hash) return 'record hash does not match its contents';
  return null;
}

/** Walks the whole log in sequence order, recomputing every hash and link. */
export async function verifyEventChain(db: SqlExecutor, batchSize = 2_000): Promise<ChainReport> {
  let checked = 0;
  let prevHash = GENESIS_HASH;
  let after = 0;
  const segments = new Map<number, Hash>();
  for (;;) {
    const rows = await db.all<EventRow>(
      `SELECT ${EVENT_COLUMNS}, pruned_by FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
      [after, batchSize],
    );
    for (const row of rows) {
      const reason = checkRecord(row, checked + 1, prevHash, segments);
      if (reason) return { ok: false, checked, firstBroken: { seq: row.seq, reason } };
      checked += 1;
      prevHash = row.hash;
      after = row.seq;
    }
    if (rows.length < batchSize) break;
  }
  const [orphan] = segments.keys();
  if (orphan !== undefined) {
    return {
      ok: false,
      checked,
      firstBroken: { seq: orphan, reason: 'pruned records name a checkpoint that is not in the log' },
    };
  }
  return { ok: true, checked, firstBroken: null };
}
