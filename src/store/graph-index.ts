import { IntList } from './int-list.js';
import { SingleFlight } from './single-flight.js';
import { grow } from './typed-arrays.js';

/**
 * An engine-neutral, in-memory adjacency index of every edge, kept in typed arrays (no object per
 * edge) so a million edges cost tens of megabytes and a breadth-first walk touches only numbers.
 *
 * Invariants: edges are never deleted, only closed, and every insert or close bumps the edge's
 * `change_seq`, which grows monotonically across all processes (writers hold the database's write
 * lock). `refresh()` therefore reads only rows above the last sequence seen, which keeps the index
 * exact when several server processes share one database. Adjacency is a compressed sparse row
 * layout for the bulk plus small per-node lists for edges added since the last rebuild.
 */

/**
 * One edge as the index reads it, as an array (an object per row costs too much when a million
 * load): eid, src, dst, kind code, level mask, transformation mask, from ms, to ms (null while
 * open), change sequence, key of the job it was derived in (or null). {@link EDGE_FEED_SQL}
 * selects exactly these columns.
 */
export type IndexedEdgeRow = readonly unknown[];

/** The feed query: edge rows changed after a sequence number, in change order (covering index). */
export const EDGE_FEED_SQL = `SELECT eid, src, dst, kind_code, level_mask, tmask, from_ms, to_ms, change_seq, via_nid FROM edges
  WHERE change_seq > ? ORDER BY change_seq LIMIT ?`;

/** Reads edge rows with `change_seq > after`, in change order, at most `limit` of them. */
export type EdgeFeed = (after: number, limit: number) => Promise<readonly IndexedEdgeRow[]>;

export interface WalkQuery {
  starts: readonly number[];
  forward: boolean;
  depth: number;
  levelBit: number;
  /** Bit i set when edge kind code i may be walked. */
  kindMask: number;
  /** Kind code of DERIVES edges, to which `transformationMask` applies. */
  derivesCode: number;
  /** 0 for no filter; otherwise a DERIVES edge is walked only when it shares a bit. */
  transformationMask: number;
  /** null: only edges open now. */
  asOfMs: number | null;
  maxNodes: number;
  /** Epoch milliseconds after which the walk stops and reports `partial` (the time budget). */
  deadline?: number;
}

export interface WalkResult {
  /** Node keys in the order the walk reached them (starts first). */
  keys: Int32Array;
  /** `depths[i]`: edges from a start to `keys[i]`. */
  depths: Int32Array;
  /** `reachedBy[i]`: position in `edgeSlots` of the edge that first reached `keys[i]`; -1 for a start. */
  reachedBy: Int32Array;
  /** Slots of the edges walked between result nodes (read them with {@link GraphIndex.kindOf} and the like). */
  edgeSlots: Int32Array;
  /** Positions in `keys` of each walked edge's source and target. */
  edgeSources: Int32Array;
  edgeTargets: Int32Array;
  partial: boolean;
}

/** A walk in progress: its query, generation stamp, current level and node, and result so far. */
interface Walk {
  q: WalkQuery;
  gen: number;
  ends: Int32Array;
  depth: number;
  head: number;
  partial: boolean;
  keys: IntList;
  depths: IntList;
  reachedBy: IntList;
  edgeSlots: IntList;
  edgeSources: IntList;
  edgeTargets: IntList;
}

const BATCH = 10_000;
const NONE = -1;

export class GraphIndex {
  private count = 0;
  private eid = new Int32Array(0);
  private src = new Int32Array(0);
  private dst = new Int32Array(0);
  private kind = new Uint8Array(0);
  private level = new Uint8Array(0);
  private tmask = new Uint16Array(0);
  private fromMs = new Float64Array(0);
  private toMs = new Float64Array(0);
  private via = new Int32Array(0);
  private slotOfEid = new Int32Array(0);
  private nodeCap = 0;
  // By node key: when an edge at the node last opened, and last closed (0: none closed), in
  // seconds rounded up (an upper bound, in half the memory of milliseconds).
  private openedSec = new Uint32Array(0);
  private closedSec = new Uint32Array(0);
  // CSR over slots [0, csrCount): out by source, in by target.
  private csrCount = 0;
  private outStart: Int32Array = new Int32Array(1);
  private outSlots: Int32Array = new Int32Array(0);
  private inStart: Int32Array = new Int32Array(1);
  private inSlots: Int32Array = new Int32Array(0);
  private readonly extraOut = new Map<number, number[]>();
  private readonly extraIn = new Map<number, number[]>();
  private lastChangeSeq = 0;
  private readonly refreshing = new SingleFlight(() => this.pull());
  // Per-walk scratch, reused through a generation stamp.
  private stamp = new Uint32Array(0);
  private position = new Int32Array(0);
  private generation = 0;

  constructor(
    private readonly feed: EdgeFeed,
    private readonly onChange: (eid: number) => void = () => {},
    /** Edge count and largest edge id, read before the first load to size the arrays once. */
    private readonly measure: () => Promise<{ edges: number; maxEid: number }> = async () => ({ edges: 0, maxEid: 0 }),
  ) {}

  get edgeCount(): number {
    return this.count;
  }

  /**
   * Catches up with every edge change committed since the last refresh (one query when idle);
   * no query at all when `upTo`, the newest change sequence the caller read, was seen already.
   */
  refresh(upTo?: number): Promise<void> {
    return this.refreshing.runUnless(upTo !== undefined && upTo <= this.lastChangeSeq);
  }

  /** How many edges it holds (open and closed). */
  get size(): number {
    return this.count;
  }

  /** Resolves when no refresh is running (so a store can close without pulling the database from under a load). */
  settle(): Promise<void> {
    return this.refreshing.settle();
  }

  private async pull(): Promise<void> {
    // A bulk load (first load, or a large catch-up) skips the per-node lists and rebuilds the
    // compressed rows once at the end: far less garbage than a list per node for every edge.
    let bulk = this.csrCount === 0;
    if (this.count === 0) {
      // Sized once up front: doubling a million-edge load leaves twice the arrays behind as garbage.
      const { edges, maxEid } = await this.measure();
      if (edges > 0) this.growEdges(edges + (edges >> 5) + 1024);
      if (maxEid > 0) this.slotOfEid = grow(this.slotOfEid, maxEid + (maxEid >> 5) + 1024, NONE);
    }
    for (;;) {
      const rows = await this.feed(this.lastChangeSeq, BATCH);
      if (rows.length === BATCH) bulk = true;
      for (const row of rows) this.upsert(row, bulk);
      const last = rows[rows.length - 1];
      if (last) this.lastChangeSeq = Number(last[8]);
      if (rows.length < BATCH) break;
    }
    const pending = this.count - this.csrCount;
    if (bulk && pending > 0) this.trim();
    if (bulk ? pending > 0 : pending > Math.max(20_000, this.csrCount >> 3)) this.rebuild();
  }

  private upsert(row: IndexedEdgeRow, bulk: boolean): void {
    const eid = Number(row[0]);
    const known = eid < this.slotOfEid.length ? (this.slotOfEid[eid] ?? NONE) : NONE;
    const slot = known === NONE ? this.count : known;
    if (known !== NONE) this.onChange(eid);
    if (known === NONE) {
      const src = Number(row[1]);
      const dst = Number(row[2]);
      const size = this.count + 1;
      if (size > this.eid.length) this.growEdges(size);
      this.slotOfEid = grow(this.slotOfEid, eid + 1, NONE);
      this.slotOfEid[eid] = slot;
      this.eid[slot] = eid;
      this.src[slot] = src;
      this.dst[slot] = dst;
      this.count = size;
      this.nodeCap = Math.max(this.nodeCap, src + 1, dst + 1);
      this.openedSec = grow(this.openedSec, this.nodeCap);
      this.closedSec = grow(this.closedSec, this.nodeCap);
      if (!bulk) {
        pushTo(this.extraOut, src, slot);
        pushTo(this.extraIn, dst, slot);
      }
    }
    this.kind[slot] = Number(row[3]);
    this.level[slot] = Number(row[4]);
    this.tmask[slot] = Number(row[5]);
    const fromMs = Number(row[6]);
    const toMs = row[7] === null ? Number.POSITIVE_INFINITY : Number(row[7]);
    this.fromMs[slot] = fromMs;
    this.toMs[slot] = toMs;
    this.via[slot] = row[9] === null || row[9] === undefined ? NONE : Number(row[9]);
    this.noteChange(this.src[slot] ?? 0, fromMs, toMs);
    this.noteChange(this.dst[slot] ?? 0, fromMs, toMs);
  }

  private noteChange(node: number, fromMs: number, toMs: number): void {
    const opened = secondsUp(fromMs);
    if (opened > (this.openedSec[node] ?? 0)) this.openedSec[node] = opened;
    const closed = toMs === Number.POSITIVE_INFINITY ? 0 : secondsUp(toMs);
    if (closed > (this.closedSec[node] ?? 0)) this.closedSec[node] = closed;
  }

  /** After a bulk load, gives back the doubling slack (up to half of every per-edge array). */
  private trim(): void {
    const size = this.count + (this.count >> 4) + 1024;
    if (this.eid.length <= size) return;
    const shrink = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(array: T): T =>
      array.slice(0, size) as T;
    this.eid = shrink(this.eid);
    this.src = shrink(this.src);
    this.dst = shrink(this.dst);
    this.kind = shrink(this.kind);
    this.level = shrink(this.level);
    this.tmask = shrink(this.tmask);
    this.fromMs = shrink(this.fromMs);
    this.toMs = shrink(this.toMs);
    this.via = shrink(this.via);
  }

  private growEdges(size: number): void {
    this.eid = grow(this.eid, size);
    this.src = grow(this.src, size);
    this.dst = grow(this.dst, size);
    this.kind = grow(this.kind, size);
    this.level = grow(this.level, size);
    this.tmask = grow(this.tmask, size);
    this.fromMs = grow(this.fromMs, size);
    this.toMs = grow(this.toMs, size);
    this.via = grow(this.via, size, NONE);
  }

  private rebuild(): void {
    const n = this.nodeCap;
    const build = (ends: Int32Array): [Int32Array, Int32Array] => {
      const start = new Int32Array(n + 1);
      for (let s = 0; s < this.count; s++) start[(ends[s] ?? 0) + 1] = (start[(ends[s] ?? 0) + 1] ?? 0) + 1;
      for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
      const fill = start.slice(0, n);
      const slots = new Int32Array(this.count);
      for (let s = 0; s < this.count; s++) {
        const node = ends[s] ?? 0;
        const at = fill[node] ?? 0;
        slots[at] = s;
        fill[node] = at + 1;
      }
      return [start, slots];
    };
    [this.outStart, this.outSlots] = build(this.src);
    [this.inStart, this.inSlots] = build(this.dst);
    this.csrCount = this.count;
    this.extraOut.clear();
    this.extraIn.clear();
  }

  private passes(slot: number, q: WalkQuery): boolean {
    const kind = this.kind[slot] ?? 0;
    if (((this.level[slot] ?? 0) & q.levelBit) === 0 || ((1 << kind) & q.kindMask) === 0) return false;
    if (
      q.transformationMask !== 0 &&
      kind === q.derivesCode &&
      ((this.tmask[slot] ?? 0) & q.transformationMask) === 0
    ) {
      return false;
    }
    const to = this.toMs[slot] ?? 0;
    if (q.asOfMs === null) return to === Number.POSITIVE_INFINITY;
    return (this.fromMs[slot] ?? 0) <= q.asOfMs && q.asOfMs < to;
  }

  /** Breadth-first walk in one direction, bounded by depth and node budget. */
  walk(q: WalkQuery): WalkResult {
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.stamp = grow(this.stamp, this.nodeCap);
    this.position = grow(this.position, this.nodeCap);
    const walk: Walk = {
      q,
      gen: this.generation,
      ends: q.forward ? this.dst : this.src,
      depth: 0,
      head: 0,
      partial: false,
      keys: new IntList(),
      depths: new IntList(),
      reachedBy: new IntList(),
      edgeSlots: new IntList(),
      edgeSources: new IntList(),
      edgeTargets: new IntList(),
    };
    const { keys } = walk;
    for (const node of q.starts) if (this.stamp[node] !== walk.gen) this.reach(walk, node, 0, NONE);
    const start = q.forward ? this.outStart : this.inStart;
    const slots = q.forward ? this.outSlots : this.inSlots;
    const extras = q.forward ? this.extraOut : this.extraIn;
    // Plain loops and a method per edge, no closure per node: this runs for every node of a walk.
    for (; walk.head < keys.length; walk.depth++) {
      const levelEnd = keys.length;
      for (; walk.head < levelEnd; walk.head++) {
        if (q.deadline !== undefined && (walk.head & 1023) === 1023 && Date.now() > q.deadline) {
          walk.partial = true;
          return resultOf(walk);
        }
        const node = keys.at(walk.head);
        let going = true;
        if (node < start.length - 1) {
          const end = start[node + 1] ?? 0;
          for (let i = start[node] ?? 0; going && i < end; i++) going = this.step(walk, slots[i] ?? 0);
        }
        const extra = extras.get(node);
        if (extra) for (let i = 0; going && i < extra.length; i++) going = this.step(walk, extra[i] ?? 0);
      }
      if (walk.depth >= q.depth) break;
    }
    return resultOf(walk);
  }

  /** Takes edge `slot` from the walk's current node; false to stop looking at that node's edges. */
  private step(walk: Walk, slot: number): boolean {
    const { q } = walk;
    if (!this.passes(slot, q)) return true;
    const other = walk.ends[slot] ?? 0;
    const seen = this.stamp[other] === walk.gen;
    if (walk.depth >= q.depth) {
      if (!seen) walk.partial = true;
      return !walk.partial;
    }
    if (!seen) {
      if (walk.keys.length >= q.maxNodes) {
        walk.partial = true;
        return true;
      }
      this.reach(walk, other, walk.depth + 1, walk.edgeSlots.length);
    }
    const at = this.position[other] ?? 0;
    walk.edgeSlots.push(slot);
    walk.edgeSources.push(q.forward ? walk.head : at);
    walk.edgeTargets.push(q.forward ? at : walk.head);
    return true;
  }

  private reach(walk: Walk, node: number, depth: number, edge: number): void {
    if (node < this.stamp.length) {
      this.stamp[node] = walk.gen;
      this.position[node] = walk.keys.length;
    }
    walk.keys.push(node);
    walk.depths.push(depth);
    walk.reachedBy.push(edge);
  }

  /** Kind code of the edge in `slot` (a slot from a {@link WalkResult}); with the accessors below, no object per edge. */
  kindOf(slot: number): number {
    return this.kind[slot] ?? 0;
  }

  tmaskOf(slot: number): number {
    return this.tmask[slot] ?? 0;
  }

  isOpen(slot: number): boolean {
    return this.toMs[slot] === Number.POSITIVE_INFINITY;
  }

  eidOf(slot: number): number {
    return this.eid[slot] ?? 0;
  }

  /** Start (epoch ms) of the edge's validity. */
  fromMsOf(slot: number): number {
    return this.fromMs[slot] ?? 0;
  }

  /** End (epoch ms) of the edge's validity; Infinity while it is open. */
  toMsOf(slot: number): number {
    return this.toMs[slot] ?? Number.POSITIVE_INFINITY;
  }

  /** Calls `visit` with the slot of every edge leaving (`outgoing`) or entering node `key`. */
  /** When an edge at the node last opened, or a little later (epoch ms, to the second; 0 without edges). */
  lastOpenedMs(key: number): number {
    return msOf(this.openedSec[key] ?? 0);
  }

  /** When an edge at the node last closed, or a little later (epoch ms, to the second; 0 when none did). */
  lastClosedMs(key: number): number {
    return msOf(this.closedSec[key] ?? 0);
  }

  forEachEdgeAt(key: number, outgoing: boolean, visit: (slot: number) => void): void {
    const start = outgoing ? this.outStart : this.inStart;
    const slots = outgoing ? this.outSlots : this.inSlots;
    if (key < start.length - 1) for (let i = start[key] ?? 0; i < (start[key + 1] ?? 0); i++) visit(slots[i] ?? 0);
    const extra = (outgoing ? this.extraOut : this.extraIn).get(key);
    if (extra) for (const slot of extra) visit(slot);
  }

  /** Key of the job the edge in `slot` was derived in; -1 for none. */
  viaOf(slot: number): number {
    return this.via[slot] ?? NONE;
  }
}

const BEYOND = 0xffffffff;

/** Epoch seconds rounded up; times past 2106 are {@link BEYOND}, which reads back as infinitely late. */
function secondsUp(ms: number): number {
  return ms <= 0 ? 0 : Math.min(BEYOND, Math.ceil(ms / 1000));
}

function msOf(seconds: number): number {
  return seconds === BEYOND ? Number.POSITIVE_INFINITY : seconds * 1000;
}

function resultOf(walk: Walk): WalkResult {
  return {
    keys: walk.keys.view(),
    depths: walk.depths.view(),
    reachedBy: walk.reachedBy.view(),
    edgeSlots: walk.edgeSlots.view(),
    edgeSources: walk.edgeSources.view(),
    edgeTargets: walk.edgeTargets.view(),
    partial: walk.partial,
  };
}

function pushTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
