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
 * The column-level upstream of several fields as of `asOf`, with one store traversal along
 * DERIVES edges whose transformations match `transformations`. Field-to-dataset DERIVES edges
 * (dataset-wide indirect dependencies) are ignored: sources are columns. The walk expands every
 * node it reaches and returns every edge it follows (also into nodes already seen), so each
 * field's closure inside the union is exactly its own closure.
 */
export async function findColumnUpstreams(
  store: Store,
  starts: readonly string[],
  options: { asOf: string; transformations: TraversalQuery['transformations'] },
): Promise<ColumnUpstream[]> {
  if (starts.length === 0) return [];
  const graph = await store.traverse({
    start: [...new Set(starts)],
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
  for (const list of upstreamOf.values()) list.sort((a, b) => a.source.localeCompare(b.source));
  return starts.map((start) => closureOf(start, upstreamOf, graph.partial));
}

function closureOf(start: string, upstreamOf: Map<string, GraphEdge[]>, partial: boolean): ColumnUpstream {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (const id of queue) {
    for (const edge of upstreamOf.get(id) ?? []) {
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
    partial,
    pathTo(id) {
      if (!parent.has(id)) return null;
      const path: string[] = [];
      for (let at: string | null | undefined = id; at; at = parent.get(at)) path.push(at);
      return path.reverse();
    },
  };
}
