import type { GraphNode } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

/** Tags that mark a column, or every column of a dataset, as personal data. */
const PII_TAGS = new Set(['pii', 'sensitive']);

export type PiiState = 'tagged' | 'derived' | null;

export interface PiiInfo {
  pii: PiiState;
  /** The tagged columns this node's values come from (the node itself when tagged). */
  origins: string[];
}

export interface DerivedPii {
  id: string;
  kind: string;
  subtype: string | null;
  origins: string[];
}

export interface PiiReport {
  under: string | null;
  asOf: string | null;
  tagged: string[];
  derived: DerivedPii[];
  partial: boolean;
}

/** The edges personal data flows through: DIRECT transformations that are not a hash or a count. */
const CARRIES_VALUES = [{ type: 'DIRECT' as const, masking: false as const }];
const ML_HOPS = ['DERIVES', 'TRAINED_ON', 'SERVES'] as const;

export function hasPiiTag(tags: readonly string[]): boolean {
  return tags.some((tag) => PII_TAGS.has(tag.toLowerCase()));
}

/**
 * The PII state of one node: `tagged` when it (or, for a column, its dataset) carries a pii or
 * sensitive tag; `derived` when its values come, through DIRECT edges that do not mask, from a
 * tagged column; null otherwise. Computed on read, never stored, so it follows tag changes.
 */
export async function piiStateOf(store: Store, node: GraphNode, asOf?: string): Promise<PiiInfo> {
  if (await isTagged(store, node)) return { pii: 'tagged', origins: [node.id] };
  if (node.kind !== 'datasetField' && node.kind !== 'modelVersion' && node.kind !== 'deployment') {
    return { pii: null, origins: [] };
  }
  const [tree, tagged] = await Promise.all([
    store.walkTree({
      start: [node.id],
      direction: 'upstream',
      level: 'column',
      depth: 50,
      maxNodes: 5_000,
      edgeKinds: ML_HOPS,
      transformations: CARRIES_VALUES,
      ...(asOf ? { asOf } : {}),
    }),
    findTaggedFields(store, asOf),
  ]);
  // The walk only takes edges values flow through, so whatever it reaches is a source of this node's values.
  const origins = tree.nodes.map((entry) => entry.node.id).filter((id) => id !== node.id && tagged.has(id));
  return origins.length ? { pii: 'derived', origins: origins.sort() } : { pii: null, origins: [] };
}

/**
 * Every derived-PII column, feature, training set and model version, optionally limited to a
 * namespace, with the tagged columns each derives from: one walk from each tagged column, over
 * the in-memory index, along the edges values flow through.
 */
export async function listDerivedPii(
  store: Store,
  options: { under?: string; asOf?: string } = {},
): Promise<PiiReport> {
  const tagged = await findTaggedFields(store, options.asOf);
  const origins = [...tagged];
  // The walks are independent: on PostgreSQL their round trips overlap.
  const trees = await Promise.all(
    origins.map((origin) =>
      store.walkTree({
        start: [origin],
        direction: 'downstream',
        level: 'column',
        depth: 50,
        maxNodes: 10_000,
        edgeKinds: ML_HOPS,
        transformations: CARRIES_VALUES,
        ...(options.asOf ? { asOf: options.asOf } : {}),
      }),
    ),
  );
  const derived = new Map<string, DerivedPii>();
  let partial = false;
  for (const [i, tree] of trees.entries()) {
    const origin = origins[i] as string;
    partial ||= tree.partial;
    for (const { node } of tree.nodes) {
      if (node.id === origin || tagged.has(node.id)) continue;
      if (options.under && node.namespace !== options.under) continue;
      const entry = derived.get(node.id) ?? { id: node.id, kind: node.kind, subtype: node.subtype, origins: [] };
      entry.origins.push(origin);
      derived.set(node.id, entry);
    }
  }
  const taggedList = [...tagged].filter((id) => !options.under || namespaceOf(id) === options.under).sort();
  return {
    under: options.under ?? null,
    asOf: options.asOf ?? null,
    tagged: taggedList,
    derived: [...derived.values()]
      .map((entry) => ({ ...entry, origins: entry.origins.sort() }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    partial,
  };
}

async function isTagged(store: Store, node: GraphNode): Promise<boolean> {
  if (hasPiiTag(node.tags)) return true;
  if (node.kind !== 'datasetField') return false;
  const ref = parseNodeId(node.id);
  if (ref.kind !== 'datasetField') return false;
  const dataset = await store.getNode(`dataset:${ref.namespace}:${ref.name}`);
  return dataset !== null && hasPiiTag(dataset.tags);
}

/** Columns tagged pii or sensitive, plus every column of a dataset so tagged. */
async function findTaggedFields(store: Store, asOf?: string): Promise<Set<string>> {
  const found = new Set<string>();
  const nodes = await store.listTaggedNodes({ tags: [...PII_TAGS], ...(asOf ? { asOf } : {}) });
  for (const node of nodes) {
    if (node.kind === 'datasetField') found.add(node.id);
    if (node.kind === 'dataset') {
      for (const field of await store.listFields(node.id, asOf ? { asOf } : {})) found.add(field.id);
    }
  }
  return found;
}

function namespaceOf(id: string): string | null {
  const ref = parseNodeId(id);
  return 'namespace' in ref ? ref.namespace : null;
}

/**
 * PII states for many nodes at once (a lineage graph, a dataset's columns) from one propagation
 * pass: cheaper than {@link piiStateOf} per node when there are more nodes than tagged columns.
 * A dataset is `tagged` when tagged itself and `derived` when any of its columns carries PII.
 */
export async function markPii(store: Store, nodes: readonly GraphNode[], asOf?: string): Promise<Map<string, PiiInfo>> {
  const report = await listDerivedPii(store, asOf ? { asOf } : {});
  const tagged = new Set(report.tagged);
  const derived = new Map(report.derived.map((entry) => [entry.id, entry.origins]));
  const byDataset = new Map<string, Set<string>>();
  for (const id of [...tagged, ...derived.keys()]) {
    const ref = parseNodeId(id);
    if (ref.kind !== 'datasetField') continue;
    const dataset = `dataset:${ref.namespace}:${ref.name}`;
    const origins = byDataset.get(dataset) ?? new Set<string>();
    for (const origin of tagged.has(id) ? [id] : (derived.get(id) ?? [])) origins.add(origin);
    byDataset.set(dataset, origins);
  }
  const marks = new Map<string, PiiInfo>();
  for (const node of nodes) {
    if (tagged.has(node.id) || hasPiiTag(node.tags)) marks.set(node.id, { pii: 'tagged', origins: [node.id] });
    else if (derived.has(node.id)) marks.set(node.id, { pii: 'derived', origins: derived.get(node.id) ?? [] });
    else if (byDataset.has(node.id))
      marks.set(node.id, { pii: 'derived', origins: [...(byDataset.get(node.id) ?? [])].sort() });
    else marks.set(node.id, { pii: null, origins: [] });
  }
  return marks;
}

/** Adds `pii` and `piiOrigins` to each node, for API answers. */
export async function withPii<T extends GraphNode>(
  store: Store,
  nodes: readonly T[],
  asOf?: string,
): Promise<(T & { pii: PiiState; piiOrigins: string[] })[]> {
  const marks = await markPii(store, nodes, asOf);
  return nodes.map((node) => {
    const mark = marks.get(node.id) ?? { pii: null, origins: [] };
    return { ...node, pii: mark.pii, piiOrigins: mark.origins };
  });
}
