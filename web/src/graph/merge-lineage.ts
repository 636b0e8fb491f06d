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

/**
 * Marks nodes with the server's computed PII state (a `pii`/`sensitive` tag, or derived from one
 * through DIRECT lineage), which the lineage answer itself does not carry.
 */
export function withPii(
  graph: LineageGraph,
  report: { tagged: string[]; derived: { id: string }[] } | null,
): LineageGraph {
  if (!report || (report.tagged.length === 0 && report.derived.length === 0)) return graph;
  const state = new Map<string, 'tagged' | 'derived'>();
  for (const item of report.derived) state.set(item.id, 'derived');
  for (const id of report.tagged) state.set(id, 'tagged');
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const pii = state.get(node.id);
      return pii ? { ...node, pii } : node;
    }),
  };
}
