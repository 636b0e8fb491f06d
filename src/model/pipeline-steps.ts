import type { EdgeKind, TraversalLevel } from './graph.js';
import type { NodeKind } from './node-id.js';

/**
 * Analyses measure distance in pipeline steps, the same at both levels. A column one DERIVES edge
 * away is one step away, and so is the job that derived it. At job level a job sits between its
 * inputs and outputs, so it takes two edges to go one step: a job and the datasets on its far
 * side are one step from the datasets on its near side. Model edges (TRAINED_ON, SERVES) are a
 * step each. Counting edges instead would put a dataset three jobs up at depth 3 when its columns
 * reach it and at depth 6 when only job-level lineage does.
 */

/** The steps an edge of `edge` kind adds to reach a node of `reached` kind: none from a job to its datasets. */
export function stepCost(edge: EdgeKind, reached: NodeKind): 0 | 1 {
  return (edge === 'INPUT' || edge === 'OUTPUT') && reached !== 'job' ? 0 : 1;
}

/** The edge depth a walk at `level` needs to reach every node within `steps` pipeline steps. */
export function walkDepthFor(level: TraversalLevel, steps: number): number {
  return level === 'dataset' ? 2 * steps : steps;
}
