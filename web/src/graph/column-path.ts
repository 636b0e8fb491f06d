import { cardIdFor } from './build-view-model.js';
import { closure, createGraphIndex } from './graph-index.js';
import type { CardEdge, GraphEdge } from './lineage-types.js';

export interface ColumnPath {
  /** Columns and nodes on the path, the clicked column included. */
  nodes: Set<string>;
  /** Cards that hold at least one node of the path. */
  cards: Set<string>;
  /** Card edge ids (`KIND|source|target`) on the path. */
  edges: Set<string>;
  upstream: Set<string>;
  downstream: Set<string>;
}

/**
 * The full lineage path of one column: every column (and model version or deployment) it
 * derives from, transitively, and every one derived from it. An edge is on the path when both
 * its ends are ancestors of the column, or both are descendants, so side branches that only
 * touch the path at one end stay dimmed.
 */
export function columnPath(start: string, edges: readonly Pick<GraphEdge, 'kind' | 'source' | 'target'>[]): ColumnPath {
  const index = createGraphIndex(edges);
  const upstream = closure([start], index.incomers);
  const downstream = closure([start], index.outgoers);
  const nodes = new Set([...upstream, ...downstream]);
  const onPath = new Set<string>();
  for (const edge of edges) {
    const up = upstream.has(edge.source) && upstream.has(edge.target);
    const down = downstream.has(edge.source) && downstream.has(edge.target);
    if (up || down) onPath.add(`${edge.kind}|${edge.source}|${edge.target}`);
  }
  const cards = new Set([...nodes].map(cardIdFor));
  return { nodes, cards, edges: onPath, upstream, downstream };
}

/** Whether a drawn edge belongs to the highlighted path. */
export function isEdgeOnPath(edge: CardEdge, path: ColumnPath): boolean {
  return path.edges.has(edge.id);
}
