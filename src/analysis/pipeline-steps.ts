import type { TraversalLevel } from '../model/graph.js';
import type { TreeEdge, TreeNode, WalkTree } from '../store/store.js';

/**
 * Analyses measure distance in pipeline steps, the same at both levels. A column one DERIVES edge
 * away is one step away, and so is the job that derived it. At job level a job sits between its
 * inputs and outputs, so it takes two edges to go one step: a job and the datasets on its far
 * side are one step from the datasets on its near side. Model edges (TRAINED_ON, SERVES) are a
 * step each. Counting edges instead would put a dataset three jobs up at depth 3 when its columns
 * reach it and at depth 6 when only job-level lineage does.
 */
export function stepsOf(tree: WalkTree): Int32Array {
  const steps = new Int32Array(tree.nodes.length);
  // Parents come before children in a tree's order.
  for (let index = 0; index < tree.nodes.length; index++) {
    const { node, reachedBy, from } = tree.nodes[index] as TreeNode;
    const edge = tree.edges[reachedBy] as TreeEdge | undefined;
    if (!edge) continue;
    const intoDatasetFromJob = (edge.kind === 'INPUT' || edge.kind === 'OUTPUT') && node.kind !== 'job';
    steps[index] = (steps[from] ?? 0) + (intoDatasetFromJob ? 0 : 1);
  }
  return steps;
}

/** The edge depth a walk at `level` needs to reach every node within `steps` pipeline steps. */
export function walkDepthFor(level: TraversalLevel, steps: number): number {
  return level === 'dataset' ? 2 * steps : steps;
}
