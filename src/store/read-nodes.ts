import type { GraphNode, SchemaField } from '../model/graph.js';
import { fieldId, parseNodeId } from '../model/node-id.js';
import { flattenSchema } from '../model/schema-fields.js';
import { aliasedDatasetOf, canonicalId, loadAliases } from './aliases.js';
import { byId } from './iso-order.js';
import { likePattern, pageRows } from './paging.js';
import { readDatasetVersionAt } from './read-history.js';
import { NODE_COLUMNS, type NodeRow, toNode } from './rows.js';
import { chunk, placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';
import type { NamespaceSummary, NodeQuery, Page, PageQuery, SearchQuery, TaggedQuery } from './store.js';

export async function readNode(db: SqlExecutor, id: string, asOf?: string): Promise<GraphNode | null> {
  // The node as asked and its dataset's alias in one statement: one round trip unless it is an alias.
  const dataset = aliasedDatasetOf(id);
  const found = await db.get<Partial<NodeRow> & { alias_of: string | null }>(
    `SELECT (SELECT canonical FROM aliases WHERE alias = ?) AS alias_of, n.*
       FROM (SELECT 1 AS one) x LEFT JOIN (SELECT ${NODE_COLUMNS} FROM nodes WHERE id = ?) n ON true`,
    [dataset, id],
  );
  const canonical = dataset && found?.alias_of ? canonicalId(id, new Map([[dataset, found.alias_of]])) : id;
  let row = found?.id ? (found as NodeRow) : undefined;
  if (canonical !== id) row = await db.get<NodeRow>(`SELECT ${NODE_COLUMNS} FROM nodes WHERE id = ?`, [canonical]);
  if (!row || (asOf !== undefined && row.created_at > asOf)) return null;
  return toNode(row);
}

/** Nodes by id (aliases resolved), in the order asked, each once; unknown ids are left out. */
export async function readNodes(db: SqlExecutor, ids: readonly string[]): Promise<GraphNode[]> {
  const aliases = await loadAliases(db, ids);
  const wanted = [...new Set(ids.map((id) => canonicalId(id, aliases)))];
  const found = new Map<string, GraphNode>();
  for (const part of chunk(wanted)) {
    const rows = await db.all<NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) found.set(row.id, toNode(row));
  }
  return wanted.flatMap((id) => {
    const node = found.get(id);
    return node ? [node] : [];
  });
}

export async function readNodesByKey(db: SqlExecutor, keys: readonly number[]): Promise<Map<number, GraphNode>> {
  const out = new Map<number, GraphNode>();
  for (const part of chunk(keys)) {
    const rows = await db.all<NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE nid IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) out.set(row.nid, toNode(row));
  }
  return out;
}

export async function listNodeRows(db: SqlExecutor, query: NodeQuery): Promise<Page<GraphNode>> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.kind) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  if (query.namespace !== undefined) {
    where.push('namespace = ?');
    params.push(query.namespace);
  }
  inNamespaces(where, params, query.namespaces);
  if (query.subtype !== undefined) {
    where.push('subtype = ?');
    params.push(query.subtype);
  }
  if (query.asOf !== undefined) {
    where.push('created_at <= ?');
    params.push(query.asOf);
  }
  const { rows, total } = await pageRows<NodeRow>(db, NODE_COLUMNS, 'nodes', where, params, 'id', query);
  return { items: rows.map(toNode), total };
}

export async function searchNodes(db: SqlExecutor, query: SearchQuery): Promise<Page<GraphNode>> {
  const pattern = likePattern(query.q);
  const where = [
    `(LOWER(id) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(description, '')) LIKE ? ESCAPE '\\' OR LOWER(tags) LIKE ? ESCAPE '\\')`,
  ];
  const params: SqlValue[] = [pattern, pattern, pattern];
  if (query.kinds && query.kinds.length > 0) {
    const kinds = chunk(query.kinds)[0] ?? [];
    where.push(`kind IN (${placeholders(kinds.length)})`);
    params.push(...kinds);
  }
  if (query.namespace !== undefined) {
    where.push('namespace = ?');
    params.push(query.namespace);
  }
  inNamespaces(where, params, query.namespaces);
  const exact = query.q.toLowerCase();
  const { rows, total } = await pageRows<NodeRow>(
    db,
    NODE_COLUMNS,
    'nodes',
    where,
    params,
    'CASE WHEN LOWER(name) = ? THEN 0 ELSE 1 END, LENGTH(id), id',
    query,
    [exact],
  );
  return { items: rows.map(toNode), total };
}

export async function readIdsNear(db: SqlExecutor, id: string, limit: number): Promise<string[]> {
  const [before, after] = await Promise.all([
    db.all<{ id: string }>('SELECT id FROM nodes WHERE id < ? ORDER BY id DESC LIMIT ?', [id, limit]),
    db.all<{ id: string }>('SELECT id FROM nodes WHERE id > ? ORDER BY id LIMIT ?', [id, limit]),
  ]);
  return [...before.reverse(), ...after].map((row) => row.id);
}

/**
 * Nodes carrying any of the tags. Only tagged nodes are read (a partial index holds them), and the
 * tag lists are matched here, so the same SQL serves both engines.
 */
export async function readTaggedNodes(db: SqlExecutor, query: TaggedQuery): Promise<GraphNode[]> {
  const where = [`tags <> '[]'`];
  const params: SqlValue[] = [];
  if (query.asOf !== undefined) {
    where.push('created_at <= ?');
    params.push(query.asOf);
  }
  inNamespaces(where, params, query.namespaces);
  const wanted = new Set(query.tags.map((tag) => tag.toLowerCase()));
  const rows = await db.all<NodeRow>(`SELECT ${NODE_COLUMNS} FROM nodes WHERE ${where.join(' AND ')}`, params);
  return rows
    .filter((row) => (JSON.parse(row.tags) as string[]).some((tag) => wanted.has(String(tag).toLowerCase())))
    .map(toNode)
    .sort(byId);
}

/** Adds `namespace IN (...)` for a namespace-scoped read; an empty list matches nothing. */
function inNamespaces(where: string[], params: SqlValue[], namespaces: readonly string[] | undefined): void {
  if (namespaces === undefined) return;
  if (namespaces.length === 0) {
    where.push('1 = 0');
    return;
  }
  const list = chunk(namespaces)[0] ?? [];
  where.push(`namespace IN (${placeholders(list.length)})`);
  params.push(...list);
}

export async function readNamespaces(db: SqlExecutor): Promise<NamespaceSummary[]> {
  const rows = await db.all<{ name: string; created_at: string; updated_at: string; n: number }>(
    `SELECT namespace AS name, MIN(created_at) AS created_at, MAX(updated_at) AS updated_at, COUNT(*) AS n
      FROM nodes WHERE kind <> 'run' GROUP BY namespace ORDER BY namespace`,
  );
  return rows.map((r) => ({ name: r.name, createdAt: r.created_at, updatedAt: r.updated_at, nodeCount: Number(r.n) }));
}

/**
 * Field nodes of a dataset in schema order, from the dataset version in force at `asOf`. A field
 * the schema lists but no upsert created yet is described from the schema itself.
 */
export async function readFields(db: SqlExecutor, id: string, asOf?: string): Promise<GraphNode[]> {
  const aliases = await loadAliases(db, [id]);
  const dataset = canonicalId(id, aliases);
  const ref = parseNodeId(dataset);
  if (ref.kind !== 'dataset') return [];
  const version = await readDatasetVersionAt(db, dataset, asOf);
  if (!version) {
    const rows = await db.all<NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE parent_id = ? AND kind = 'datasetField' ${asOf ? 'AND created_at <= ?' : ''}`,
      asOf ? [dataset, asOf] : [dataset],
    );
    const nodes = rows.map(toNode);
    const ordinal = (n: GraphNode): number => (typeof n.attributes.ordinal === 'number' ? n.attributes.ordinal : 1e9);
    return nodes.sort((a, b) => ordinal(a) - ordinal(b) || a.id.localeCompare(b.id));
  }
  const flat = flattenSchema(version.fields);
  const nodes = await readNodes(
    db,
    flat.map((f) => fieldId(ref.namespace, ref.name, f.path)),
  );
  const nodesById = new Map(nodes.map((n) => [n.id, n]));
  return flat.map((f, ordinal): GraphNode => {
    const fid = fieldId(ref.namespace, ref.name, f.path);
    const node = nodesById.get(fid);
    const attributes = { field: f.path, type: f.field.type ?? null, ordinal };
    if (node) return { ...node, attributes: { ...node.attributes, ...attributes } };
    return {
      id: fid,
      kind: 'datasetField',
      namespace: ref.namespace,
      name: ref.name,
      subtype: null,
      description: f.field.description ?? null,
      owners: [],
      tags: [],
      facets: {},
      attributes,
      createdAt: version.createdAt,
      updatedAt: version.createdAt,
      deletedAt: null,
    };
  });
}

/** The ids of the fields a schema lists for a dataset (nested fields by their dotted path). */
export function fieldIdsOf(dataset: string, fields: readonly SchemaField[]): string[] {
  const ref = parseNodeId(dataset);
  if (ref.kind !== 'dataset') return [];
  return flattenSchema(fields).map((f) => fieldId(ref.namespace, ref.name, f.path));
}

/**
 * The ids of a dataset's fields at `asOf`, as {@link readFields} finds them (the version in force,
 * else the field nodes created by then) without reading the nodes. `dataset` is a canonical id.
 */
export async function readFieldIds(db: SqlExecutor, dataset: string, asOf: string): Promise<string[]> {
  const version = await db.get<{ fields: string }>(
    `SELECT fields FROM dataset_versions WHERE dataset_id = ? AND created_at <= ? ORDER BY created_at DESC, vid DESC LIMIT 1`,
    [dataset, asOf],
  );
  if (version) return fieldIdsOf(dataset, JSON.parse(version.fields));
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM nodes WHERE parent_id = ? AND kind = 'datasetField' AND created_at <= ?`,
    [dataset, asOf],
  );
  return rows.map((row) => row.id);
}

export async function readNodeChanges(
  db: SqlExecutor,
  from: string,
  to: string,
  page?: PageQuery,
): Promise<Page<GraphNode>> {
  const { rows, total } = await pageRows<NodeRow>(
    db,
    NODE_COLUMNS,
    'nodes',
    // created_at <= updated_at, so both cases imply updated_at > from: an indexable pre-filter.
    ['updated_at > ?', '((created_at > ? AND created_at <= ?) OR (updated_at > ? AND updated_at <= ?))'],
    [from, from, to, from, to],
    'updated_at, id',
    page,
  );
  return { items: rows.map(toNode), total };
}
