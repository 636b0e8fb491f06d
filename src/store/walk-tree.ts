import { EDGE_KINDS } from '../model/graph.js';
import { transformationsOfMask } from './edge-codes.js';
import type { SqlExecutor } from './sql-driver.js';
import type { NodeSummary, TreeEdge, TreeNode, TreeQuery, WalkTree } from './store.js';
import { catchUp, startKeys, type TraversalResources, walkQueryOf } from './traverse.js';

/**
 * A breadth-first walk answered from the index and the node summary cache: no node or edge row
 * is read once the summaries are cached, which keeps a walk over ten thousand nodes within a few
 * times the cost of the walk itself.
 */
export async function walkTree(db: SqlExecutor, resources: TraversalResources, query: TreeQuery): Promise<WalkTree> {
  const { index, summaries } = resources;
  if (query.start.length === 0) return { nodes: [], edges: [], parents: new Map(), partial: false };
  const [starts] = await Promise.all([startKeys(db, query.start), catchUp(db, resources, ['summaries'])]);
  const forward = query.direction === 'downstream';
  const walk = index.walk({ ...walkQueryOf(query, starts), forward });

  const { keys, edgeSlots } = walk;
  const found = await summaries.resolveList(keys);
  const viaKeys = new Set<number>();
  for (let i = 0; i < edgeSlots.length; i++) {
    const via = index.viaOf(edgeSlots[i] as number);
    if (via >= 0) viaKeys.add(via);
  }
  const jobs = new Map<number, NodeSummary>();
  const jobKeys = [...viaKeys];
  const jobSummaries = await summaries.resolveList(jobKeys);
  for (let i = 0; i < jobKeys.length; i++) {
    const job = jobSummaries[i];
    if (job) jobs.set(jobKeys[i] as number, job.summary);
  }
  const parentKeys = new Set<number>();
  for (let i = 0; i < found.length; i++) {
    const parent = found[i]?.parentKey;
    if (parent !== undefined && parent !== null) parentKeys.add(parent);
  }
  const parents = new Map<string, NodeSummary>();
  for (const parent of await summaries.resolveList([...parentKeys])) {
    if (parent) parents.set(parent.summary.id, parent.summary);
  }

  const nodes = new Array<TreeNode>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const summary = found[i]?.summary;
    // Edges reference node keys (a foreign key): a reached key always has its row.
    if (!summary) throw new Error(`node key ${keys[i]} has no node row`);
    const reachedBy = walk.reachedBy[i] ?? -1;
    const from = reachedBy < 0 ? -1 : forward ? walk.edgeSources[reachedBy] : walk.edgeTargets[reachedBy];
    nodes[i] = { node: summary, depth: walk.depths[i] ?? 0, reachedBy, from: from ?? -1 };
  }
  const edges = new Array<TreeEdge>(edgeSlots.length);
  for (let i = 0; i < edgeSlots.length; i++) {
    const slot = edgeSlots[i] as number;
    const via = index.viaOf(slot);
    edges[i] = {
      kind: EDGE_KINDS[index.kindOf(slot)] ?? 'DERIVES',
      source: walk.edgeSources[i] ?? 0,
      target: walk.edgeTargets[i] ?? 0,
      via: via >= 0 ? (jobs.get(via) ?? null) : null,
      transformations: transformationsOfMask(index.tmaskOf(slot)),
      open: index.isOpen(slot),
    };
  }
  return { nodes, edges, parents, partial: walk.partial };
}
