import type { NodeSummary, TreeEdge, TreeNode, WalkTree } from '../../store/store.js';

/**
 * The part of a walk a reader may see: the visible nodes whose whole path back to a start is
 * visible (so no answer leads through, or names, a node the reader cannot see), the edges between
 * them, and only visible jobs and parents.
 */
export function visibleTree(tree: WalkTree, sees: (node: NodeSummary) => boolean): WalkTree {
  const kept = new Map<number, number>();
  const nodes: TreeNode[] = [];
  for (const [index, entry] of tree.nodes.entries()) {
    if (!sees(entry.node) || (entry.from >= 0 && !kept.has(entry.from))) continue;
    kept.set(index, nodes.length);
    nodes.push({ ...entry });
  }
  const edges: TreeEdge[] = [];
  const keptEdge = new Map<number, number>();
  for (const [index, edge] of tree.edges.entries()) {
    const source = kept.get(edge.source);
    const target = kept.get(edge.target);
    if (source === undefined || target === undefined) continue;
    keptEdge.set(index, edges.length);
    edges.push({ ...edge, source, target, via: edge.via && sees(edge.via) ? edge.via : null });
  }
  for (const node of nodes) {
    node.reachedBy = node.reachedBy < 0 ? -1 : (keptEdge.get(node.reachedBy) ?? -1);
    node.from = node.from < 0 ? -1 : (kept.get(node.from) ?? -1);
  }
  const parents = new Map([...tree.parents].filter(([, parent]) => sees(parent)));
  return { nodes, edges, parents, partial: tree.partial };
}
