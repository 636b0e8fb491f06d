import type { GraphEdge, GraphNode } from '../model/graph.js';
import { type EdgeRow, NODE_COLUMNS, type NodeRow, toEdge, toNode } from './rows.js';
import { SingleFlight } from './single-flight.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';
import { WeightedLru } from './weighted-lru.js';

const CHANGE_BATCH = 5_000;

type EdgeKeyRow = Omit<EdgeRow, 'source' | 'target' | 'scope'> & { src: number; dst: number };
const ROW_OVERHEAD = 600;
// Parsed JSON takes several times the bytes of its text (objects, keys, boxed strings).
const PARSED_FACTOR = 6;

/** A value loaded for a node key, with its weight (about its size in bytes) in the cache. */
export interface Loaded<V> {
  key: number;
  value: V;
  weight: number;
}

/**
 * Values derived from node rows, by integer key, so traversal results are not re-read and
 * re-parsed. Correct across processes: every node write takes a new `rev` (monotonic, writers
 * hold the write lock), and `refresh()` evicts the nodes whose rev moved since the last look, one
 * cheap indexed query when nothing changed. Cached values are shared: treat them as immutable.
 */
export abstract class NodeKeyedCache<V> {
  private readonly lru: WeightedLru<number, V>;
  private lastRev = -1;
  private readonly refreshing = new SingleFlight(() => this.pull());

  constructor(
    protected readonly db: SqlExecutor,
    maxBytes: number,
  ) {
    this.lru = new WeightedLru(maxBytes, (key, value) => this.dropped(key, value));
  }

  /** Called when a value enters the cache. */
  protected stored(_key: number, _value: V): void {}

  /** Called when a value leaves the cache (evicted, invalidated or replaced). */
  protected dropped(_key: number, _value: V): void {}

  /** Reads the values of `keys` (at most one chunk of them); keys without a node are left out. */
  protected abstract load(keys: readonly number[]): Promise<Loaded<V>[]>;

  /** Evicts the nodes written since the last refresh; nothing to read when `upTo`, the newest rev the caller read, was seen. */
  refresh(upTo?: number): Promise<void> {
    return this.refreshing.runUnless(upTo !== undefined && upTo <= this.lastRev);
  }

  private async pull(): Promise<void> {
    if (this.lastRev < 0) {
      this.lastRev = await this.maxRev();
      return;
    }
    const rows = await this.db.all<{ nid: number; rev: number }>(
      'SELECT nid, rev FROM nodes WHERE rev > ? ORDER BY rev LIMIT ?',
      [this.lastRev, CHANGE_BATCH],
    );
    if (rows.length === CHANGE_BATCH) {
      this.lru.clear();
      this.lastRev = await this.maxRev();
      return;
    }
    for (const row of rows) {
      this.lru.delete(row.nid);
      this.lastRev = Math.max(this.lastRev, row.rev);
    }
  }

  private async maxRev(): Promise<number> {
    return Number((await this.db.get<{ m: number | string | null }>('SELECT MAX(rev) AS m FROM nodes'))?.m ?? 0);
  }

  /** The value of a key if it is cached; no read. */
  cached(key: number): V | undefined {
    return this.lru.get(key);
  }

  /** Values by key (call {@link refresh} first); keys without a node are absent from the map. */
  async resolve(keys: Iterable<number>): Promise<Map<number, V>> {
    const list = [...keys];
    const values = await this.resolveList(list);
    const out = new Map<number, V>();
    for (let i = 0; i < list.length; i++) {
      const value = values[i];
      if (value !== undefined) out.set(list[i] as number, value);
    }
    return out;
  }

  /**
   * The value of each key, in the keys' order (undefined for a key without a node): no map for
   * the ten thousand keys of a large walk.
   */
  async resolveList(keys: ArrayLike<number>): Promise<(V | undefined)[]> {
    const values = new Array<V | undefined>(keys.length);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const value = this.lru.get(keys[i] as number);
      values[i] = value;
      if (value === undefined) missing.push(i);
    }
    if (missing.length === 0) return values;
    const loaded = new Map<number, V>();
    for (const part of chunk([...new Set(missing.map((i) => keys[i] as number))])) {
      for (const { key, value, weight } of await this.load(part)) {
        loaded.set(key, value);
        if (this.lru.set(key, value, weight)) this.stored(key, value);
      }
    }
    for (const i of missing) values[i] = loaded.get(keys[i] as number);
    return values;
  }
}

/** Whole parsed nodes by integer key (frozen: the same object goes to every caller). */
export class NodeCache extends NodeKeyedCache<GraphNode> {
  constructor(db: SqlExecutor, maxBytes = 32_000_000) {
    super(db, maxBytes);
  }

  protected async load(keys: readonly number[]): Promise<Loaded<GraphNode>[]> {
    const rows = await this.db.all<NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE nid IN (${placeholders(keys.length)})`,
      keys,
    );
    return rows.map((row) => ({
      key: row.nid,
      value: Object.freeze(toNode(row)),
      weight: ROW_OVERHEAD + row.id.length * 2 + (row.facets.length + row.attributes.length) * PARSED_FACTOR,
    }));
  }
}

/**
 * Parsed edges by id. An edge's endpoints never change; its interval and transformations do, and
 * every such change passes through the graph index's refresh, which calls {@link invalidate}.
 */
export class EdgeCache {
  private readonly lru: WeightedLru<number, GraphEdge>;

  constructor(
    private readonly db: SqlExecutor,
    maxBytes = 12_000_000,
  ) {
    this.lru = new WeightedLru(maxBytes);
  }

  invalidate(eid: number): void {
    this.lru.delete(eid);
  }

  /**
   * Edges by id, in the order asked, with endpoint ids from `idOf` (the traversal's resolved
   * nodes: no join back to the nodes table). Ids without an edge, and edges with an endpoint
   * `idOf` does not know, are left out.
   */
  async resolve(eids: readonly number[], idOf: (nid: number) => string | undefined): Promise<GraphEdge[]> {
    const found = new Map<number, GraphEdge>();
    const missing: number[] = [];
    for (const eid of eids) {
      const edge = this.lru.get(eid);
      if (edge) found.set(eid, edge);
      else missing.push(eid);
    }
    for (const part of chunk(missing)) {
      const rows = await this.db.all<EdgeKeyRow>(
        `SELECT eid, kind, src, dst, via, origin, transformations, attributes, valid_from, valid_to FROM edges
          WHERE eid IN (${placeholders(part.length)})`,
        part,
      );
      for (const row of rows) {
        const source = idOf(row.src);
        const target = idOf(row.dst);
        if (source === undefined || target === undefined) continue;
        const edge = Object.freeze(toEdge({ ...row, source, target, scope: '' }));
        found.set(row.eid, edge);
        this.lru.set(
          row.eid,
          edge,
          ROW_OVERHEAD +
            (source.length + target.length) * 2 +
            (row.transformations.length + row.attributes.length) * PARSED_FACTOR,
        );
      }
    }
    return eids.flatMap((eid) => {
      const edge = found.get(eid);
      return edge ? [edge] : [];
    });
  }
}
