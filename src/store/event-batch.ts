import { sha256 } from '../model/canonical-json.js';
import {
  type AppendResult,
  EVENT_COLUMNS,
  type EventHeader,
  eventRow,
  GENESIS_HASH,
  hashEventHeader,
} from './event-log.js';
import { chunk, placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';
import type { EventInput } from './store.js';

const EVENT_ROWS_PER_STATEMENT = 50;
const EVENT_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * The event-log appends of one write transaction, done with a few statements instead of two per
 * record: the payload hashes already logged and the last record are read once up front, records
 * are chained in memory (a payload repeated inside the batch is a duplicate of its first
 * occurrence), and the new rows are written by {@link EventBatch.flush} before commit. Same
 * records, sequence numbers and hashes as appending one at a time with `appendEvent`.
 */
export class EventBatch {
  private readonly rows: SqlValue[][] = [];

  private constructor(
    private readonly known: Map<string, { seq: number; hash: string }>,
    private lastSeq: number,
    private lastHash: string,
  ) {}

  /** Reads what the batch needs to know about the log; run inside the write transaction. */
  static async open(tx: SqlExecutor, payloadHashes: readonly string[]): Promise<EventBatch> {
    const known = new Map<string, { seq: number; hash: string }>();
    for (const part of chunk([...new Set(payloadHashes)])) {
      const rows = await tx.all<{ seq: number; hash: string; payload_hash: string }>(
        `SELECT seq, hash, payload_hash FROM events WHERE payload_hash IN (${placeholders(part.length)})`,
        part,
      );
      for (const row of rows) known.set(row.payload_hash, { seq: Number(row.seq), hash: row.hash });
    }
    const last = await tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
    return new EventBatch(known, Number(last?.seq ?? 0), last?.hash ?? GENESIS_HASH);
  }

  /** Chains one record (or finds it a duplicate); written on {@link flush}. */
  append(input: EventInput, payloadText: string, payloadHash = sha256(payloadText)): AppendResult {
    const existing = this.known.get(payloadHash);
    if (existing) return { status: 'duplicate', seq: existing.seq, hash: existing.hash };
    const header: EventHeader = {
      seq: this.lastSeq + 1,
      source: input.source,
      actor: input.actor,
      eventTime: input.eventTime,
      receivedAt: new Date().toISOString(),
      payloadHash,
      prevHash: this.lastHash,
    };
    const hash = hashEventHeader(header);
    this.rows.push(eventRow(header, payloadText, hash));
    this.known.set(payloadHash, { seq: header.seq, hash });
    this.lastSeq = header.seq;
    this.lastHash = hash;
    return { status: 'accepted', seq: header.seq, hash, receivedAt: header.receivedAt };
  }

  /** Writes the records appended so far, with multi-row statements. */
  async flush(tx: SqlExecutor): Promise<void> {
    const rows = this.rows.splice(0);
    for (let i = 0; i < rows.length; i += EVENT_ROWS_PER_STATEMENT) {
      const part = rows.slice(i, i + EVENT_ROWS_PER_STATEMENT);
      await tx.run(
        `INSERT INTO events (${EVENT_COLUMNS}) VALUES ${part.map(() => EVENT_VALUES).join(', ')}`,
        part.flat(),
      );
    }
  }
}
