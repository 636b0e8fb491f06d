import type { Owner } from '../model/graph.js';
import { type NodeKind, parseNodeId } from '../model/node-id.js';
import { type Loaded, NodeKeyedCache } from './node-cache.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';
import type { NodeSummary } from './store.js';

/** A summary with the key of its parent node (a field's dataset, a version's model), if stored. */
export interface KeyedSummary {
  summary: NodeSummary;
  parentKey: number | null;
  /** When the node first appeared (epoch ms). */
  createdMs: number;
}

interface SummaryRow {
  nid: number;
  id: string;
  kind: string;
  namespace: string;
  name: string;
  subtype: string | null;
  owners: string;
  parent_id: string | null;
  parent_nid: number | null;
  created_at: string;
}

// Strings count twice (UTF-16); objects, arrays and map entries cost about this much on top.
const SUMMARY_OVERHEAD = 320;

/**
 * Node summaries by integer key: what analyses over thousands of nodes read of each (identity,
 * display name, owners), a tenth of the memory of whole nodes, so far more of them stay cached.
 */
export class NodeSummaryCache extends NodeKeyedCache<KeyedSummary> {
  /** The key of every cached node by id: a node's key never changes, and nodes are never deleted. */
  private readonly keyById = new Map<string, number>();

  constructor(db: SqlExecutor, maxBytes = 24_000_000) {
    super(db, maxBytes);
  }

  /**
   * The key of each id, in order (undefined for an id with no node): from the cache for nodes a
   * walk just resolved, one query for the rest.
   */
  async keysOf(ids: readonly string[]): Promise<(number | undefined)[]> {
    const keys = ids.map((id) => this.keyById.get(id));
    const missing = [...new Set(ids.filter((_, i) => keys[i] === undefined))];
    if (missing.length === 0) return keys;
    const found = new Map<string, number>();
    for (const part of chunk(missing)) {
      const rows = await this.db.all<{ nid: number; id: string }>(
        `SELECT nid, id FROM nodes WHERE id IN (${placeholders(part.length)})`,
        part,
      );
      for (const row of rows) found.set(row.id, Number(row.nid));
    }
    return ids.map((id, i) => keys[i] ?? found.get(id));
  }

  /** The key of an id whose summary is cached (every node a walk just reached); undefined otherwise. */
  cachedKeyOf(id: string): number | undefined {
    return this.keyById.get(id);
  }

  protected override stored(key: number, value: KeyedSummary): void {
    this.keyById.set(value.summary.id, key);
  }

  protected override dropped(key: number, value: KeyedSummary): void {
    if (this.keyById.get(value.summary.id) === key) this.keyById.delete(value.summary.id);
  }

  protected async load(keys: readonly number[]): Promise<Loaded<KeyedSummary>[]> {
    const rows = await this.db.all<SummaryRow>(
      `SELECT n.nid, n.id, n.kind, n.namespace, n.name, n.subtype, n.owners, n.parent_id, p.nid AS parent_nid, n.created_at
         FROM nodes n LEFT JOIN nodes p ON p.id = n.parent_id
        WHERE n.nid IN (${placeholders(keys.length)})`,
      keys,
    );
    return rows.map((row) => {
      const ref = row.kind === 'datasetField' ? parseNodeId(row.id) : null;
      const summary: NodeSummary = Object.freeze({
        id: row.id,
        kind: row.kind as NodeKind,
        namespace: row.namespace,
        name: row.name,
        subtype: row.subtype,
        field: ref?.kind === 'datasetField' ? ref.field : null,
        owners: Object.freeze(JSON.parse(row.owners) as Owner[]),
        parentId: row.parent_id,
      });
      return {
        key: row.nid,
        value: {
          summary,
          parentKey: row.parent_nid === null ? null : Number(row.parent_nid),
          createdMs: Date.parse(row.created_at),
        },
        weight: SUMMARY_OVERHEAD + (row.id.length + row.name.length + row.owners.length) * 2,
      };
    });
  }
}
