import { NODE_COLUMNS, type NodeRow } from './rows.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';

/**
 * The node rows a write transaction has read or written, by id (null: known not to exist), so a
 * batch reads each node once however many of its mutations name it. Writers record every row
 * they insert or update, so the cache always equals the table for the ids it holds.
 */
export class NodeRowCache {
  private readonly rows = new Map<string, NodeRow | null>();

  /** Reads the ids not held yet, in chunked `IN` lists. */
  async load(tx: SqlExecutor, ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.rows.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.rows.set(id, null);
    for (const part of chunk(missing)) {
      const rows = await tx.all<NodeRow>(
        `SELECT ${NODE_COLUMNS} FROM nodes WHERE id IN (${placeholders(part.length)})`,
        part,
      );
      for (const row of rows) this.rows.set(row.id, { ...row, nid: Number(row.nid) });
    }
  }

  /** The stored rows of `ids` (absent when there is none). */
  async get(tx: SqlExecutor, ids: readonly string[]): Promise<Map<string, NodeRow>> {
    await this.load(tx, ids);
    const out = new Map<string, NodeRow>();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) out.set(id, row);
    }
    return out;
  }

  /** Records a row as just written. */
  set(row: NodeRow): void {
    this.rows.set(row.id, row);
  }
}
