import type { WalkTree } from '../store/store.js';

/** The tree node an edge reached `index` from (its other end), or -1 for a start. */
export function treeParent(tree: WalkTree, index: number): number {
  const edge = tree.edges[tree.nodes[index]?.reachedBy ?? -1];
  if (!edge) return -1;
  return edge.target === index ? edge.source : edge.target;
}

/** The ids from a start along the tree to node `from` (none for -1), then `tail` when given. */
export function treePath(tree: WalkTree, from: number, tail: string | null = null): string[] {
  const path: string[] = [];
  for (let at = from; at >= 0; at = treeParent(tree, at)) path.push(tree.nodes[at]?.node.id ?? '');
  path.reverse();
  if (tail !== null) path.push(tail);
  return path;
}
