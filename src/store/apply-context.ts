import type { SqlExecutor } from './sql-driver.js';
import type { WriteCache } from './write-cache.js';

/**
 * What the mutations applied in one write transaction share, so each need not read it again:
 * the last node revision and the next edge change sequence number once known (0 until then; the
 * write lock keeps them valid), and the aliases of every id the batch mentions.
 */
export interface BatchState {
  lastNodeRev: number;
  nextChangeSeq: number;
  aliases: Map<string, string>;
  cache: WriteCache;
}

/** What the parts of one mutation's application share inside its write transaction. */
export interface ApplyContext {
  /** State shared with the other mutations of the same transaction, when applied as a batch. */
  batch?: BatchState | undefined;
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
  /** Scope, version and run state read (and kept current) for the transaction's writes. */
  cache: WriteCache;
}

/** Reads the next free edge change sequence number (writes are serialised by the caller's lock). */
export async function readNextChangeSeq(tx: SqlExecutor): Promise<number> {
  const row = await tx.get<{ m: number | null }>('SELECT MAX(change_seq) AS m FROM edges');
  return Number(row?.m ?? 0) + 1;
}

/**
 * The node revision of this mutation: every node it inserts or updates is stamped with it, so
 * readers can find the nodes changed since a revision they saw (the node cache's invalidation),
 * across processes. Read once per mutation; writers hold the write lock, so it only grows.
 */
export async function takeNodeRev(ctx: ApplyContext): Promise<number> {
  if (ctx.nextNodeRev === 0) {
    let last = ctx.batch?.lastNodeRev ?? 0;
    if (last === 0) {
      const row = await ctx.tx.get<{ m: number | null }>('SELECT MAX(rev) AS m FROM nodes');
      last = Number(row?.m ?? 0);
    }
    ctx.nextNodeRev = last + 1;
    if (ctx.batch) ctx.batch.lastNodeRev = ctx.nextNodeRev;
  }
  return ctx.nextNodeRev;
}
