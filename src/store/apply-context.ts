import type { SqlExecutor } from './sql-driver.js';

/** What the parts of one mutation's application share inside its write transaction. */
export interface ApplyContext {
  tx: SqlExecutor;
  /** Sequence number of the event-log record the mutation belongs to. */
  eventSeq: number;
  /** Next value of the edge change sequence; every inserted or closed edge takes one. */
  nextChangeSeq: number;
  /** This mutation's node revision; 0 until first needed, then read from the database. */
  nextNodeRev: number;
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

/**
 * The node revision of this mutation: every node it inserts or updates is stamped with it, so
 * readers can find the nodes changed since a revision they saw (the node cache's invalidation),
 * across processes. Read once per mutation; writers hold the write lock, so it only grows.
 */
export async function takeNodeRev(ctx: ApplyContext): Promise<number> {
  if (ctx.nextNodeRev === 0) {
    const row = await ctx.tx.get<{ m: number | null }>('SELECT MAX(rev) AS m FROM nodes');
    ctx.nextNodeRev = (row?.m ?? 0) + 1;
  }
  return ctx.nextNodeRev;
}
