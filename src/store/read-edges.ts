import { NotFoundError } from '../model/errors.js';
import { EDGE_KINDS, type GraphEdge } from '../model/graph.js';
import { canonicalId, loadAliases } from './aliases.js';
import { pageRows } from './paging.js';
import { EDGE_COLUMNS, EDGE_FROM, type EdgeRow, toEdge } from './rows.js';
import { placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';
import type { EdgeQuery, Page, PageQuery } from './store.js';

/** The integer key of a node id (aliases resolved), or null when no such node exists. */
export async function nodeKey(db: SqlExecutor, id: string): Promise<number | null> {
  const aliases = await loadAliases(db, [id]);
  const row = await db.get<{ nid: number }>('SELECT nid FROM nodes WHERE id = ?', [canonicalId(id, aliases)]);
  return row ? row.nid : null;
}

/** Edges touching a node, valid at `asOf` (open now when omitted) unless `includeClosed`. */
export async function readEdges(db: SqlExecutor, query: EdgeQuery): Promise<GraphEdge[]> {
  const nid = await nodeKey(db, query.nodeId);
  if (nid === null) throw new NotFoundError(`no node '${query.nodeId}'`);
  const direction = query.direction ?? 'both';
  const ends = direction === 'in' ? 'e.dst = ?' : direction === 'out' ? 'e.src = ?' : '(e.src = ? OR e.dst = ?)';
  const where = [ends];
  const params: SqlValue[] = direction === 'both' ? [nid, nid] : [nid];
  if (query.kinds && query.kinds.length > 0) {
    const kinds = query.kinds.filter((k) => (EDGE_KINDS as readonly string[]).includes(k));
    where.push(`e.kind IN (${placeholders(Math.max(1, kinds.length))})`);
    params.push(...(kinds.length > 0 ? kinds : ['']));
  }
  if (!query.includeClosed) {
    if (query.asOf === undefined) where.push('e.valid_to IS NULL');
    else {
      where.push('e.valid_from <= ? AND (e.valid_to IS NULL OR e.valid_to > ?)');
      params.push(query.asOf, query.asOf);
    }
  }
  const rows = await db.all<EdgeRow>(
    `SELECT ${EDGE_COLUMNS} FROM ${EDGE_FROM} WHERE ${where.join(' AND ')} ORDER BY e.valid_from, e.eid`,
    params,
  );
  return rows.map(toEdge);
}

export async function readEdgeChanges(
  db: SqlExecutor,
  from: string,
  to: string,
  page?: PageQuery,
): Promise<Page<GraphEdge>> {
  const { rows, total } = await pageRows<EdgeRow>(
    db,
    EDGE_COLUMNS,
    EDGE_FROM,
    ['((e.valid_from > ? AND e.valid_from <= ?) OR (e.valid_to > ? AND e.valid_to <= ?))'],
    [from, to, from, to],
    'e.eid',
    page,
  );
  return { items: rows.map(toEdge), total };
}
