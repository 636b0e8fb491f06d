import type { WalkTree } from '../store/store.js';

/** The ids from a start along the tree to node `from` (none for -1), then `tail` when given. */
export function treePath(tree: WalkTree, from: number, tail: string | null = null): string[] {
  const length = (from >= 0 ? (tree.nodes[from]?.depth ?? 0) + 1 : 0) + (tail === null ? 0 : 1);
  // Sized once and filled from the end: paths are built for every affected node.
  const path = new Array<string>(length);
  let at = length - 1;
  if (tail !== null) path[at--] = tail;
  for (let node = from; node >= 0 && at >= 0; node = tree.nodes[node]?.from ?? -1)
    path[at--] = tree.nodes[node]?.node.id ?? '';
  return path;
}
