import type { GraphEdge } from '../model/graph.js';
import type { Store, TraversalQuery } from '../store/store.js';

export const DIRECT_ONLY: TraversalQuery['transformations'] = [{ type: 'DIRECT' }];
export const DIRECT_AND_CONDITIONAL: TraversalQuery['transformations'] = [
  { type: 'DIRECT' },
  { type: 'INDIRECT', subtype: 'CONDITIONAL' },
];

/** Deep enough for any real pipeline; the walk reports `partial` when it is cut. */
const MAX_DEPTH = 64;

/** The column-level upstream of one field as of a time: its raw source columns and a shortest path to each. */
export interface ColumnUpstream {
  start: string;
  /** Every field reached, the start included. */
  reached: Set<string>;
  /** Fields with nothing further upstream, sorted. The start itself when it has no upstream at all. */
  sources: string[];
  partial: boolean;
  /** The path from the start to `id` (start first), or null when `id` was not reached. */
  pathTo(id: string): string[] | null;
}

/**
 * Walks DERIVES edges upstream from a field through the store's traversal, as of `asOf`, keeping
 * only edges whose transformations match `transformations`. Field-to-dataset DERIVES edges
 * (dataset-wide indirect dependencies) are ignored: sources are columns.
 */
export async function findColumnUpstream(
  store: Store,
  start: string,
  options: { asOf: string; transformations: TraversalQuery['transformations'] },
): Promise<ColumnUpstream> {
  const graph = await store.traverse({
    start: [start],
    direction: 'upstream',
    depth: MAX_DEPTH,
    level: 'column',
    asOf: options.asOf,
    edgeKinds: ['DERIVES'],
    ...(options.transformations ? { transformations: options.transformations } : {}),
  });
  const upstreamOf = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    if (edge.kind !== 'DERIVES' || !edge.source.startsWith('datasetField:')) continue;
    const list = upstreamOf.get(edge.target) ?? [];
    list.push(edge);
    upstreamOf.set(edge.target, list);
  }
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (const id of queue) {
    const edges = (upstreamOf.get(id) ?? []).slice().sort((a, b) => a.source.localeCompare(b.source));
    for (const edge of edges) {
      if (parent.has(edge.source)) continue;
      parent.set(edge.source, id);
      queue.push(edge.source);
    }
  }
  const reached = new Set(parent.keys());
  const sources = [...reached].filter((id) => !upstreamOf.has(id)).sort();
  return {
    start,
    reached,
    sources,
    partial: graph.partial,
    pathTo(id) {
      if (!parent.has(id)) return null;
      const path: string[] = [];
      for (let at: string | null | undefined = id; at; at = parent.get(at)) path.push(at);
      return path.reverse();
    },
  };
}
