import type { NodeUpsert } from '../model/mutation.js';
import { parentNodeId, parseNodeId } from '../model/node-id.js';
import { type ApplyContext, takeNodeRev } from './apply-context.js';
import { earlierOf, laterOf } from './iso-order.js';
import { NODE_COLUMNS, type NodeRow } from './rows.js';
import { chunk, placeholders } from './sql-driver.js';

const INSERT_NODE = `INSERT INTO nodes (id, kind, namespace, name, parent_id, subtype, description, owners, tags, facets,
  attributes, created_at, updated_at, deleted_at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING nid`;

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
  const out = new Map<string, NodeRow>();
  for (const part of chunk(ids)) {
    const rows = await ctx.tx.all<NodeRow>(
      `SELECT ${NODE_COLUMNS} FROM nodes WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) {
      out.set(row.id, row);
      ctx.nids.set(row.id, row.nid);
    }
  }
  return out;
}

/** Creates or merges node upserts (ids already canonical), in order. */
export async function applyNodeUpserts(ctx: ApplyContext, upserts: readonly NodeUpsert[]): Promise<void> {
  if (upserts.length === 0) return;
  const rows = await loadNodeRows(ctx, [...new Set(upserts.map((u) => u.id))]);
  for (const upsert of upserts) {
    const row = rows.get(upsert.id);
    if (!row) {
      const parent = describeId(upsert.id).parent;
      const values = [
        upsert.id,
        upsert.kind,
        upsert.namespace,
        upsert.name,
        parent,
        upsert.subtype ?? null,
        upsert.description ?? null,
        JSON.stringify(upsert.owners ?? []),
        JSON.stringify(upsert.tags ?? []),
        JSON.stringify(mergeFacets({}, upsert.facets ?? {})),
        JSON.stringify(upsert.attributes ?? {}),
        upsert.at,
        upsert.at,
        upsert.deletedAt ?? null,
        await takeNodeRev(ctx),
      ];
      const inserted = await ctx.tx.get<{ nid: number }>(INSERT_NODE, values);
      if (!inserted) throw new Error(`inserting node ${upsert.id} returned no key`);
      ctx.nids.set(upsert.id, inserted.nid);
      rows.set(upsert.id, {
        nid: inserted.nid,
        id: upsert.id,
        kind: upsert.kind,
        namespace: upsert.namespace,
        name: upsert.name,
        parent_id: parent,
        subtype: upsert.subtype ?? null,
        description: upsert.description ?? null,
        owners: String(values[7]),
        tags: String(values[8]),
        facets: String(values[9]),
        attributes: String(values[10]),
        created_at: upsert.at,
        updated_at: upsert.at,
        deleted_at: upsert.deletedAt ?? null,
      });
      continue;
    }
    const merged: NodeRow = {
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
    if (sameContent(row, merged)) {
      if (merged.created_at !== row.created_at || merged.updated_at !== row.updated_at) {
        await ctx.tx.run('UPDATE nodes SET created_at = ?, updated_at = ?, rev = ? WHERE nid = ?', [
          merged.created_at,
          merged.updated_at,
          await takeNodeRev(ctx),
          row.nid,
        ]);
      }
    } else {
      await ctx.tx.run(
        `UPDATE nodes SET kind = ?, subtype = ?, description = ?, owners = ?, tags = ?, facets = ?, attributes = ?,
          created_at = ?, updated_at = ?, deleted_at = ?, rev = ? WHERE nid = ?`,
        [
          merged.kind,
          merged.subtype,
          merged.description,
          merged.owners,
          merged.tags,
          merged.facets,
          merged.attributes,
          merged.created_at,
          merged.updated_at,
          merged.deleted_at,
          await takeNodeRev(ctx),
          row.nid,
        ],
      );
    }
    rows.set(upsert.id, merged);
  }
}

/**
 * Returns the integer keys of `ids`, creating a minimal node (kind, namespace and name taken from
 * the id, created at `at`) for any id no upsert has named yet, so an edge never dangles.
 */
export async function ensureNodes(ctx: ApplyContext, ids: Iterable<string>, at: string): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !ctx.nids.has(id));
  if (missing.length === 0) return;
  for (const part of chunk(missing)) {
    const rows = await ctx.tx.all<{ nid: number; id: string }>(
      `SELECT nid, id FROM nodes WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) ctx.nids.set(row.id, row.nid);
  }
  for (const id of missing) {
    if (ctx.nids.has(id)) continue;
    const d = describeId(id);
    const inserted = await ctx.tx.get<{ nid: number }>(INSERT_NODE, [
      id,
      d.kind,
      d.namespace,
      d.name,
      d.parent,
      null,
      null,
      '[]',
      '[]',
      '{}',
      JSON.stringify(d.attributes),
      at,
      at,
      null,
      await takeNodeRev(ctx),
    ]);
    if (!inserted) throw new Error(`inserting node ${id} returned no key`);
    ctx.nids.set(id, inserted.nid);
  }
}
