import { EDGE_KINDS } from '../model/graph.js';
import { transformationsOfMask } from './edge-codes.js';
import type { SqlExecutor } from './sql-driver.js';
import type { NodeSummary, TreeEdge, TreeNode, TreeQuery, WalkTree } from './store.js';
import { startKeys, type TraversalResources, walkQueryOf } from './traverse.js';

/**
 * A breadth-first walk answered from the index and the node summary cache: no node or edge row
 * is read once the summaries are cached, which keeps a walk over ten thousand nodes within a few
 * times the cost of the walk itself.
 */
export async function walkTree(db: SqlExecutor, resources: TraversalResources, query: TreeQuery): Promise<WalkTree> {
  const { index, summaries } = resources;
  if (query.start.length === 0) return { nodes: [], edges: [], parents: new Map(), partial: false };
  const [starts] = await Promise.all([startKeys(db, query.start), index.refresh(), summaries.refresh()]);
  const walk = index.walk({ ...walkQueryOf(query, starts), forward: query.direction === 'downstream' });

  const keys = walk.keys.slice();
  for (const slot of walk.edgeSlots) {
    const via = index.viaOf(slot);
    if (via >= 0) keys.push(via);
  }
  const resolved = await summaries.resolve(keys);
  const parentKeys = new Set<number>();
  for (const key of walk.keys) {
    const parent = resolved.get(key)?.parentKey;
    if (parent !== undefined && parent !== null) parentKeys.add(parent);
  }
  const parents = new Map<string, NodeSummary>();
  for (const { summary } of (await summaries.resolve(parentKeys)).values()) parents.set(summary.id, summary);

  const nodes: TreeNode[] = walk.keys.map((key, i) => {
    const found = resolved.get(key);
    // Edges reference node keys (a foreign key): a reached key always has its row.
    if (!found) throw new Error(`node key ${key} has no node row`);
    return { node: found.summary, depth: walk.depths[i] ?? 0, reachedBy: walk.reachedBy[i] ?? -1 };
  });
  const edges: TreeEdge[] = walk.edgeSlots.map((slot, i) => {
    const edge = index.edgeAt(slot);
    return {
      kind: EDGE_KINDS[edge.kindCode] ?? 'DERIVES',
      source: walk.edgeSources[i] ?? 0,
      target: walk.edgeTargets[i] ?? 0,
      via: edge.via >= 0 ? (resolved.get(edge.via)?.summary ?? null) : null,
      transformations: transformationsOfMask(edge.tmask),
      open: edge.open,
    };
  });
  return { nodes, edges, parents, partial: walk.partial };
}
