import { stepCost } from '../model/pipeline-steps.js';
import type { TreeEdge, TreeNode, WalkTree } from '../store/store.js';

/** The distance in pipeline steps (see model/pipeline-steps) of every node of the tree from its starts. */
export function stepsOf(tree: WalkTree): Int32Array {
  const steps = new Int32Array(tree.nodes.length);
  // Parents come before children in a tree's order.
  for (let index = 0; index < tree.nodes.length; index++) {
    const { node, reachedBy, from } = tree.nodes[index] as TreeNode;
    const edge = tree.edges[reachedBy] as TreeEdge | undefined;
    if (edge) steps[index] = (steps[from] ?? 0) + stepCost(edge.kind, node.kind);
  }
  return steps;
}
