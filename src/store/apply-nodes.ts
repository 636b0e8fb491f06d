import type { NodeUpsert } from '../model/mutation.js';
import { parentNodeId, parseNodeId } from '../model/node-id.js';
import { type ApplyContext, takeNodeRev } from './apply-context.js';
import { earlierOf, laterOf } from './iso-order.js';
import type { NodeRow } from './rows.js';

const INSERT_NODE_HEAD = `INSERT INTO nodes (id, kind, namespace, name, parent_id, subtype, description, owners, tags, facets,
  attributes, created_at, updated_at, deleted_at, rev) VALUES`;
const NODE_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Merges facets by key: a facet whose new value is null, or an object carrying `_deleted: true`,
 * is removed; any other value replaces the old one.
 */
export function mergeFacets(
  current: Record<string, unknown>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    if (value === null || isDeletedMarker(value)) delete out[key];
    else out[key] = value;
  }
  return out;
}

function mergeAttributes(current: Record<string, unknown>, incoming: Record<string, unknown>): Record<string, unknown> {
  return { ...current, ...incoming };
}

/**
 * Merges `incoming` into the JSON object `currentJson`, returning the original text untouched when
 * the merge changes nothing (the common case of a node seen again), which spares the write.
 */
function mergedJson(
  currentJson: string,
  incoming: Record<string, unknown>,
  merge: (current: Record<string, unknown>, incoming: Record<string, unknown>) => Record<string, unknown>,
): string {
  const current = JSON.parse(currentJson) as Record<string, unknown>;
  const next = merge(current, incoming);
  const text = JSON.stringify(next);
  return text === currentJson ? currentJson : text;
}

function sameContent(a: NodeRow, b: NodeRow): boolean {
  return (
    a.kind === b.kind &&
    a.subtype === b.subtype &&
    a.description === b.description &&
    a.owners === b.owners &&
    a.tags === b.tags &&
    a.facets === b.facets &&
    a.attributes === b.attributes &&
    a.deleted_at === b.deleted_at
  );
}

function isDeletedMarker(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { _deleted?: unknown })._deleted === true;
}

/** Namespace, name and parent of a node as its id states them. */
function describeId(id: string): {
  kind: string;
  namespace: string;
  name: string;
  parent: string | null;
  attributes: Record<string, unknown>;
} {
  const ref = parseNodeId(id);
  switch (ref.kind) {
    case 'run':
      return { kind: 'run', namespace: '', name: ref.runId, parent: null, attributes: {} };
    case 'datasetField':
      return {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        parent: parentNodeId(ref),
        attributes: { field: ref.field },
      };
    case 'modelVersion':
      return {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        parent: parentNodeId(ref),
        attributes: { version: ref.version },
      };
    case 'assertion':
      return {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        parent: parentNodeId(ref),
        attributes: { assertion: ref.assertion },
      };
    default:
      return { kind: ref.kind, namespace: ref.namespace, name: ref.name, parent: null, attributes: {} };
  }
}

async function loadNodeRows(ctx: ApplyContext, ids: readonly string[]): Promise<Map<string, NodeRow>> {
  const out = await ctx.cache.nodes.get(ctx.tx, ids);
  for (const row of out.values()) ctx.nids.set(row.id, row.nid);
  return out;
}

function newRow(upsert: NodeUpsert): NodeRow {
  return {
    nid: 0,
    id: upsert.id,
    kind: upsert.kind,
    namespace: upsert.namespace,
    name: upsert.name,
    parent_id: describeId(upsert.id).parent,
    subtype: upsert.subtype ?? null,
    description: upsert.description ?? null,
    owners: JSON.stringify(upsert.owners ?? []),
    tags: JSON.stringify(upsert.tags ?? []),
    facets: JSON.stringify(mergeFacets({}, upsert.facets ?? {})),
    attributes: JSON.stringify(upsert.attributes ?? {}),
    created_at: upsert.at,
    updated_at: upsert.at,
    deleted_at: upsert.deletedAt ?? null,
  };
}

function mergeRow(row: NodeRow, upsert: NodeUpsert): NodeRow {
  return {
    ...row,
    kind: upsert.kind,
    subtype: upsert.subtype === undefined ? row.subtype : upsert.subtype,
    description: upsert.description === undefined ? row.description : upsert.description,
    owners: upsert.owners ? JSON.stringify(upsert.owners) : row.owners,
    tags: upsert.tags ? JSON.stringify(upsert.tags) : row.tags,
    facets: upsert.facets ? mergedJson(row.facets, upsert.facets, mergeFacets) : row.facets,
    attributes: upsert.attributes ? mergedJson(row.attributes, upsert.attributes, mergeAttributes) : row.attributes,
    created_at: earlierOf(row.created_at, upsert.at),
    updated_at: laterOf(row.updated_at, upsert.at),
    deleted_at: upsert.deletedAt === undefined ? row.deleted_at : upsert.deletedAt,
  };
}

const INSERT_ROWS_PER_STATEMENT = 32;

/** Inserts new node rows with multi-row statements and records their keys. */
async function insertNodeRows(ctx: ApplyContext, rows: readonly NodeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const rev = await takeNodeRev(ctx);
  for (let i = 0; i < rows.length; i += INSERT_ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + INSERT_ROWS_PER_STATEMENT);
    const params = part.flatMap((r) => [
      r.id,
      r.kind,
      r.namespace,
      r.name,
      r.parent_id,
      r.subtype,
      r.description,
      r.owners,
      r.tags,
      r.facets,
      r.attributes,
      r.created_at,
      r.updated_at,
      r.deleted_at,
      rev,
    ]);
    const inserted = await ctx.tx.all<{ nid: number; id: string }>(
      `${INSERT_NODE_HEAD} ${part.map(() => NODE_VALUES).join(', ')} RETURNING nid, id`,
      params,
    );
    const byId = new Map(part.map((r) => [r.id, r]));
    for (const row of inserted) {
      const nid = Number(row.nid);
      ctx.nids.set(row.id, nid);
      const written = byId.get(row.id);
      if (written) ctx.cache.nodes.set({ ...written, nid });
    }
  }
}

/**
 * Writes merged rows: whole rows when content changed; only the times otherwise, left to the
 * cache's flush (one multi-row statement for the batch).
 */
async function updateNodeRows(
  ctx: ApplyContext,
  changes: readonly { before: NodeRow; after: NodeRow }[],
): Promise<void> {
  const touched = new Map<string, number[]>();
  for (const { before, after } of changes) {
    ctx.cache.nodes.set(after);
    const timesOnly = sameContent(before, after) && after.created_at === before.created_at;
    if (timesOnly) {
      if (after.updated_at === before.updated_at) continue;
      const list = touched.get(after.updated_at) ?? [];
      list.push(before.nid);
      touched.set(after.updated_at, list);
      continue;
    }
    await ctx.tx.run(
      `UPDATE nodes SET kind = ?, subtype = ?, description = ?, owners = ?, tags = ?, facets = ?, attributes = ?,
        created_at = ?, updated_at = ?, deleted_at = ?, rev = ? WHERE nid = ?`,
      [
        after.kind,
        after.subtype,
        after.description,
        after.owners,
        after.tags,
        after.facets,
        after.attributes,
        after.created_at,
        after.updated_at,
        after.deleted_at,
        await takeNodeRev(ctx),
        before.nid,
      ],
    );
    ctx.cache.dropNodeTouch(before.nid);
  }
  for (const [updatedAt, nids] of touched) {
    const rev = await takeNodeRev(ctx);
    for (const nid of nids) ctx.cache.touchNode(nid, updatedAt, rev);
  }
}

/**
 * Creates or merges node upserts (ids already canonical). Several upserts of one id merge in
 * order in memory first; then new rows are inserted and changed rows updated in few statements.
 */
export async function applyNodeUpserts(ctx: ApplyContext, upserts: readonly NodeUpsert[]): Promise<void> {
  if (upserts.length === 0) return;
  const stored = await loadNodeRows(ctx, [...new Set(upserts.map((u) => u.id))]);
  const merged = new Map<string, NodeRow>();
  for (const upsert of upserts) {
    const current = merged.get(upsert.id) ?? stored.get(upsert.id);
    merged.set(upsert.id, current ? mergeRow(current, upsert) : newRow(upsert));
  }
  const inserts: NodeRow[] = [];
  const changes: { before: NodeRow; after: NodeRow }[] = [];
  for (const [id, after] of merged) {
    const before = stored.get(id);
    if (before) changes.push({ before, after });
    else inserts.push(after);
  }
  await insertNodeRows(ctx, inserts);
  await updateNodeRows(ctx, changes);
}

/**
 * Returns the integer keys of `ids`, creating a minimal node (kind, namespace and name taken from
 * the id, created at `at`) for any id no upsert has named yet, so an edge never dangles.
 */
export async function ensureNodes(ctx: ApplyContext, ids: Iterable<string>, at: string): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !ctx.nids.has(id));
  if (missing.length === 0) return;
  for (const row of (await ctx.cache.nodes.get(ctx.tx, missing)).values()) ctx.nids.set(row.id, row.nid);
  const rows: NodeRow[] = [];
  for (const id of missing) {
    if (ctx.nids.has(id)) continue;
    const d = describeId(id);
    rows.push({
      nid: 0,
      id,
      kind: d.kind,
      namespace: d.namespace,
      name: d.name,
      parent_id: d.parent,
      subtype: null,
      description: null,
      owners: '[]',
      tags: '[]',
      facets: '{}',
      attributes: JSON.stringify(d.attributes),
      created_at: at,
      updated_at: at,
      deleted_at: null,
    });
  }
  await insertNodeRows(ctx, rows);
}
