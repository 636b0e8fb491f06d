import type { GraphEdge, LineageGraph, LineageNode } from './lineage-types.js';

/**
 * Merges several lineage answers (the first load plus per-node expansions) into one graph. A
 * node keeps the smallest depth it was seen at, measured from the first answer's start;
 * depths in later answers are offset by the depth of the node they were expanded from.
 */
export function mergeLineage(
  base: LineageGraph,
  extra: readonly { from: string; graph: LineageGraph }[],
): LineageGraph {
  if (extra.length === 0) return base;
  const nodes = new Map<string, LineageNode>(base.nodes.map((node) => [node.id, node]));
  const edges = new Map<string, GraphEdge>(
    base.edges.map((edge) => [`${edge.kind}|${edge.source}|${edge.target}`, edge]),
  );
  let partial = base.partial;
  for (const { from, graph } of extra) {
    const offset = nodes.get(from)?.depth ?? 0;
    for (const node of graph.nodes) {
      const depth = node.depth + offset;
      const known = nodes.get(node.id);
      if (!known || known.depth > depth) nodes.set(node.id, { ...node, depth });
    }
    for (const edge of graph.edges) edges.set(`${edge.kind}|${edge.source}|${edge.target}`, edge);
    partial = partial || graph.partial;
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], partial };
}
