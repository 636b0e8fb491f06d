import type { GraphEdge, LineageGraph, LineageNode } from './lineage-types.js';

export type DiffStatus = 'added' | 'removed';

export interface GraphDiff {
  /** Both graphs merged: everything that existed at either time. */
  graph: LineageGraph;
  /** Node ids and edge ids (`KIND|source|target`) present at only one of the two times. */
  status: Map<string, DiffStatus>;
  added: number;
  removed: number;
}

const edgeId = (edge: Pick<GraphEdge, 'kind' | 'source' | 'target'>): string =>
  `${edge.kind}|${edge.source}|${edge.target}`;

/**
 * Compares the lineage around one node at two times. What only the later graph has appeared,
 * what only the earlier graph has disappeared; the union is returned so both can be drawn.
 */
export function diffGraphs(before: LineageGraph, after: LineageGraph): GraphDiff {
  const status = new Map<string, DiffStatus>();
  const nodes = new Map<string, LineageNode>();
  const beforeNodes = new Set(before.nodes.map((node) => node.id));
  const afterNodes = new Set(after.nodes.map((node) => node.id));
  for (const node of after.nodes) {
    nodes.set(node.id, node);
    if (!beforeNodes.has(node.id)) status.set(node.id, 'added');
  }
  for (const node of before.nodes) {
    if (afterNodes.has(node.id)) continue;
    nodes.set(node.id, node);
    status.set(node.id, 'removed');
  }
  const edges = new Map<string, GraphEdge>();
  const beforeEdges = new Set(before.edges.map(edgeId));
  const afterEdges = new Set(after.edges.map(edgeId));
  for (const edge of after.edges) {
    edges.set(edgeId(edge), edge);
    if (!beforeEdges.has(edgeId(edge))) status.set(edgeId(edge), 'added');
  }
  for (const edge of before.edges) {
    if (afterEdges.has(edgeId(edge))) continue;
    edges.set(edgeId(edge), edge);
    status.set(edgeId(edge), 'removed');
  }
  let added = 0;
  let removed = 0;
  for (const value of status.values()) {
    if (value === 'added') added += 1;
    else removed += 1;
  }
  return {
    graph: { nodes: [...nodes.values()], edges: [...edges.values()], partial: before.partial || after.partial },
    status,
    added,
    removed,
  };
}
