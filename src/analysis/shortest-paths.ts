import type { GraphEdge } from '../model/graph.js';

/** For every node reached, the edge that first reached it on a breadth-first walk from the start. */
export interface ShortestPaths {
  /** The path from a start node to `id`, start first; undefined when `id` was not reached. */
  pathTo(id: string): string[] | undefined;
  /** The edges along {@link pathTo}, in the same order. */
  edgesTo(id: string): GraphEdge[] | undefined;
}

/**
 * Breadth-first shortest paths over a subgraph that a store traversal returned, walking edges
 * forwards (`downstream`) or backwards (`upstream`). Ties keep the first edge in the given
 * order, so results are stable for a stable traversal.
 */
export function findShortestPaths(
  start: readonly string[],
  edges: readonly GraphEdge[],
  direction: 'upstream' | 'downstream',
): ShortestPaths {
  const adjacency = new Map<string, GraphEdge[]>();
  for (const edge of edges) {
    const from = direction === 'downstream' ? edge.source : edge.target;
    const list = adjacency.get(from);
    if (list) list.push(edge);
    else adjacency.set(from, [edge]);
  }
  const via = new Map<string, GraphEdge | null>();
  const queue: string[] = [];
  for (const id of start) {
    if (!via.has(id)) {
      via.set(id, null);
      queue.push(id);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    for (const edge of adjacency.get(id) ?? []) {
      const next = direction === 'downstream' ? edge.target : edge.source;
      if (via.has(next)) continue;
      via.set(next, edge);
      queue.push(next);
    }
  }

  function edgesTo(id: string): GraphEdge[] | undefined {
    if (!via.has(id)) return undefined;
    const path: GraphEdge[] = [];
    for (let edge = via.get(id); edge; ) {
      path.push(edge);
      const previous = direction === 'downstream' ? edge.source : edge.target;
      edge = via.get(previous);
    }
    return path.reverse();
  }

  return {
    edgesTo,
    pathTo(id) {
      const path = edgesTo(id);
      if (!path) return undefined;
      const ids = path.map((edge) => (direction === 'downstream' ? edge.source : edge.target));
      ids.push(id);
      return path.length === 0 ? [id] : ids;
    },
  };
}
