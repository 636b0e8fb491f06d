import { InputError } from '../model/errors.js';
import { edgeKey, type GraphEdge, type GraphNode, isEdgeValidAt, type SchemaField } from '../model/graph.js';
import type { Page, PageQuery, Store } from '../store/store.js';

/** A node that appeared, disappeared or changed between the two times. */
export interface NodeChange {
  id: string;
  kind: GraphNode['kind'];
  namespace: string;
  name: string;
  /** When the change happened: createdAt, deletedAt or updatedAt. */
  at: string;
  /** For a dataset whose schema differs between the two times. */
  schema?: SchemaChange;
}

export interface SchemaChange {
  added: string[];
  removed: string[];
  typeChanged: { field: string; from: string | null; to: string | null }[];
}

export interface GraphDiff {
  from: string;
  to: string;
  nodes: { added: NodeChange[]; removed: NodeChange[]; changed: NodeChange[] };
  edges: { added: GraphEdge[]; removed: GraphEdge[]; changed: { before: GraphEdge; after: GraphEdge }[] };
  /** True when more changes happened than the budget allowed to read; the lists are then incomplete. */
  partial: boolean;
}

export interface DiffOptions {
  from: string;
  to: string;
  /** Most node and edge changes read (each); defaults to 10,000. */
  budget?: number;
  /** Most datasets whose schemas are compared; defaults to 500. */
  schemaBudget?: number;
}

const PAGE_SIZE = 1_000;

/**
 * Lists the nodes and edges added, removed or changed between two times (ISO, canonical UTC):
 * the graph as it was at `from` against the graph at `to`. An edge that was opened and closed
 * inside the window never existed at either end and is left out; an edge closed and reopened
 * with other transformations or attributes is "changed". Datasets that changed carry the
 * difference of their schemas.
 */
export async function diffGraph(store: Store, options: DiffOptions): Promise<GraphDiff> {
  const { from, to } = options;
  if (from > to) throw new InputError(`'from' (${from}) is after 'to' (${to})`, { path: 'from' });
  const budget = options.budget ?? 10_000;
  const edgeRead = await readAll((page) => store.listEdgeChanges(from, to, page), budget);
  const nodeRead = await readAll((page) => store.listNodeChanges(from, to, page), budget);
  const edges = classifyEdges(edgeRead.items, from, to);
  const nodes = classifyNodes(nodeRead.items, from, to);
  const datasets = [...nodes.changed, ...nodes.added].filter((change) => change.kind === 'dataset');
  const schemaBudget = options.schemaBudget ?? 500;
  for (const change of datasets.slice(0, schemaBudget)) {
    const schema = await schemaChange(store, change.id, from, to);
    if (schema) change.schema = schema;
  }
  const partial = edgeRead.partial || nodeRead.partial || datasets.length > schemaBudget;
  return { from, to, nodes, edges, partial };
}

async function readAll<T>(read: (page: PageQuery) => Promise<Page<T>>, budget: number) {
  const items: T[] = [];
  let total = 0;
  do {
    const page = await read({ limit: Math.min(PAGE_SIZE, budget - items.length), offset: items.length });
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0) break;
  } while (items.length < total && items.length < budget);
  return { items, partial: items.length < total };
}

function classifyEdges(changes: readonly GraphEdge[], from: string, to: string): GraphDiff['edges'] {
  const byKey = new Map<string, { before?: GraphEdge; after?: GraphEdge }>();
  for (const edge of changes) {
    const entry = byKey.get(edgeKey(edge)) ?? {};
    if (isEdgeValidAt(edge, from)) entry.before = edge;
    if (isEdgeValidAt(edge, to)) entry.after = edge;
    byKey.set(edgeKey(edge), entry);
  }
  const out: GraphDiff['edges'] = { added: [], removed: [], changed: [] };
  for (const { before, after } of byKey.values()) {
    if (before && after) {
      if (before !== after) out.changed.push({ before, after });
    } else if (after) out.added.push(after);
    else if (before) out.removed.push(before);
  }
  return out;
}

function summary(node: GraphNode, at: string): NodeChange {
  return { id: node.id, kind: node.kind, namespace: node.namespace, name: node.name, at };
}

function classifyNodes(changes: readonly GraphNode[], from: string, to: string): GraphDiff['nodes'] {
  const out: GraphDiff['nodes'] = { added: [], removed: [], changed: [] };
  for (const node of changes) {
    if (node.kind === 'run') continue;
    const deletedInWindow = node.deletedAt !== null && node.deletedAt > from && node.deletedAt <= to;
    if (node.createdAt > from) {
      if (node.createdAt <= to && !deletedInWindow) out.added.push(summary(node, node.createdAt));
    } else if (deletedInWindow && node.deletedAt !== null) {
      out.removed.push(summary(node, node.deletedAt));
    } else if (node.updatedAt > from) {
      out.changed.push(summary(node, node.updatedAt <= to ? node.updatedAt : to));
    }
  }
  return out;
}

function flatten(fields: readonly SchemaField[], prefix = ''): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const field of fields) {
    const name = `${prefix}${field.name}`;
    out.set(name, field.type ?? null);
    if (field.fields) for (const [child, type] of flatten(field.fields, `${name}.`)) out.set(child, type);
  }
  return out;
}

async function schemaChange(store: Store, id: string, from: string, to: string): Promise<SchemaChange | null> {
  const [before, after] = await Promise.all([store.getDatasetVersionAt(id, from), store.getDatasetVersionAt(id, to)]);
  if (!after || before?.version === after.version) return null;
  const old = flatten(before?.fields ?? []);
  const now = flatten(after.fields);
  const change: SchemaChange = { added: [], removed: [], typeChanged: [] };
  for (const [field, type] of now) {
    if (!old.has(field)) change.added.push(field);
    else if (old.get(field) !== type) change.typeChanged.push({ field, from: old.get(field) ?? null, to: type });
  }
  for (const field of old.keys()) if (!now.has(field)) change.removed.push(field);
  const empty = change.added.length + change.removed.length + change.typeChanged.length === 0;
  return empty ? null : change;
}
