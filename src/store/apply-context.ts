import type { SqlExecutor } from './sql-driver.js';

/** What the parts of one mutation's application share inside its write transaction. */
export interface ApplyContext {
  tx: SqlExecutor;
  /** Sequence number of the event-log record the mutation belongs to. */
  eventSeq: number;
  /** Next value of the edge change sequence; every inserted or closed edge takes one. */
  nextChangeSeq: number;
  /** Node id -> integer key, filled as nodes are looked up or created. */
  nids: Map<string, number>;
  /** Alias id -> canonical id for the ids this mutation mentions. */
  aliases: Map<string, string>;
}

/** Reads the next free edge change sequence number (writes are serialised by the caller's lock). */
export async function readNextChangeSeq(tx: SqlExecutor): Promise<number> {
  const row = await tx.get<{ m: number | null }>('SELECT MAX(change_seq) AS m FROM edges');
  return (row?.m ?? 0) + 1;
}
