import type { Mutation, NodeUpsert } from '../../model/mutation.js';
import { parseNodeId } from '../../model/node-id.js';
import { minimalNode } from '../minimal-node.js';
import { derivesScope } from './map-relation.js';
import type { LineageCache } from './model-lineage.js';

/** A dbt job already in the store, with the dataset it wrote (null for exposures). */
export interface PreviousJob {
  id: string;
  output: string | null;
  /** Its last column-lineage analysis, reusable while the SQL and input schemas are unchanged. */
  lineage?: LineageCache | null;
}

/**
 * A model, seed, snapshot or exposure gone from a later manifest no longer runs: its edges are
 * closed (an empty replace of its scopes) and the job is marked deleted at the manifest's time.
 * Returns how many jobs were closed.
 */
export function closeRemovedJobs(
  mutation: Mutation,
  previous: readonly PreviousJob[],
  current: ReadonlySet<string>,
  at: string,
): number {
  let closed = 0;
  for (const job of previous) {
    if (current.has(job.id)) continue;
    const ref = parseNodeId(job.id);
    if (ref.kind !== 'job') continue;
    mutation.edgeSets.push({ scope: job.id, at, mode: 'replace', runId: null, edges: [] });
    if (job.output) {
      mutation.edgeSets.push({ scope: derivesScope(job.id, job.output), at, mode: 'replace', runId: null, edges: [] });
    }
    mutation.nodes.push({ id: job.id, kind: 'job', namespace: ref.namespace, name: ref.name, at, deletedAt: at });
    closed++;
  }
  return closed;
}

/**
 * Every edge endpoint gets a node upsert: a column named only by the SQL (a source column no
 * schema declared) still becomes a field node of its dataset.
 */
export function ensureEndpointNodes(mutation: Mutation, at: string): void {
  const known = new Set(mutation.nodes.map((node) => node.id));
  const extra: NodeUpsert[] = [];
  for (const set of mutation.edgeSets) {
    for (const edge of set.edges) {
      for (const id of [edge.source, edge.target]) {
        if (known.has(id)) continue;
        known.add(id);
        const node = minimalNode(id, at);
        if (node) extra.push(node);
      }
    }
  }
  mutation.nodes.push(...extra);
}
