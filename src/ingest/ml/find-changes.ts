import { canonicalJson } from '../../model/canonical-json.js';
import type { EdgeInput, GraphEdge, GraphNode, SchemaField } from '../../model/graph.js';
import type { EdgeSet, Mutation, NodeUpsert } from '../../model/mutation.js';
import type { Store } from '../../store/store.js';

/**
 * True when applying `mutation` would change something in the graph. Lets a re-applied manifest
 * be a true no-op (no event, no `updatedAt` churn) while an older document applied again after a
 * newer one is still recorded, since its edge sets then differ from what holds now.
 *
 * Edge sets are compared with the edges that hold now for the scopes the ML planner uses: a job
 * (its INPUT/OUTPUT edges), `job|dataset` (DERIVES edges into the dataset's fields via the job),
 * and a model version or deployment (TRAINED_ON or SERVES edges into it).
 */
export async function hasChanges(store: Store, mutation: Mutation): Promise<boolean> {
  if (
    mutation.jobVersions.length + mutation.runs.length + mutation.assertionResults.length + mutation.aliases.length >
    0
  ) {
    return true;
  }
  const nodes = new Map((await store.getNodes(mutation.nodes.map((n) => n.id))).map((n) => [n.id, n]));
  if (mutation.nodes.some((upsert) => nodeChanges(upsert, nodes.get(upsert.id)))) return true;
  for (const version of mutation.datasetVersions) {
    if (version.reason === 'write') {
      if (!(await store.getDatasetVersion(version.datasetId, version.version))) return true;
    } else {
      const latest = await store.getDatasetVersionAt(version.datasetId);
      if (!latest || (version.fields !== null && schemaKey(latest.fields) !== schemaKey(version.fields))) return true;
    }
  }
  for (const set of mutation.edgeSets) {
    if (await edgeSetChanges(store, set)) return true;
  }
  return false;
}

function nodeChanges(upsert: NodeUpsert, node: GraphNode | undefined): boolean {
  if (!node || node.kind !== upsert.kind) return true;
  if (upsert.subtype !== undefined && upsert.subtype !== node.subtype) return true;
  if (upsert.description !== undefined && upsert.description !== node.description) return true;
  if (upsert.deletedAt !== undefined && upsert.deletedAt !== node.deletedAt) return true;
  if (
    upsert.owners &&
    canonicalJson(upsert.owners.map((o) => o.name)) !== canonicalJson(node.owners.map((o) => o.name))
  ) {
    return true;
  }
  if (upsert.tags && canonicalJson(upsert.tags) !== canonicalJson(node.tags)) return true;
  const differs = (given: Record<string, unknown> | undefined, held: Record<string, unknown>) =>
    given !== undefined &&
    Object.entries(given).some(([key, value]) => canonicalJson(value) !== canonicalJson(held[key] ?? null));
  return differs(upsert.attributes, node.attributes) || differs(upsert.facets, node.facets);
}

function schemaKey(fields: readonly SchemaField[]): string {
  return canonicalJson(fields.map((f) => [f.name, f.type ?? null]));
}

const edgeKeyOf = (e: EdgeInput): string =>
  canonicalJson([e.kind, e.source, e.target, e.via, e.origin, e.transformations, e.attributes]);

async function edgeSetChanges(store: Store, set: EdgeSet): Promise<boolean> {
  const current = await currentEdges(store, set);
  const held = new Set(current.map(edgeKeyOf));
  const wanted = new Set(set.edges.map(edgeKeyOf));
  for (const key of wanted) if (!held.has(key)) return true;
  if (set.mode === 'merge') return false;
  for (const key of held) if (!wanted.has(key)) return true;
  return false;
}

/** The open edges of a scope, as far as the ML planner's scopes go. */
async function currentEdges(store: Store, set: EdgeSet): Promise<GraphEdge[]> {
  const bar = set.scope.indexOf('|');
  if (bar > 0) {
    const job = set.scope.slice(0, bar);
    const dataset = set.scope.slice(bar + 1);
    const fields = new Set([...(await store.listFields(dataset)).map((f) => f.id), ...set.edges.map((e) => e.target)]);
    const lists = await Promise.all(
      [...fields].map((id) => store.listEdges({ nodeId: id, direction: 'in', kinds: ['DERIVES'] })),
    );
    return lists.flat().filter((e) => e.via === job);
  }
  if (set.scope.startsWith('job:')) {
    const edges = await store.listEdges({ nodeId: set.scope, direction: 'both', kinds: ['INPUT', 'OUTPUT'] });
    return edges.filter((e) => e.origin === 'ml');
  }
  const kinds = [...new Set(set.edges.map((e) => e.kind))];
  return store.listEdges({
    nodeId: set.scope,
    direction: 'in',
    kinds: kinds.length > 0 ? kinds : ['TRAINED_ON', 'SERVES'],
    // A deployment's sets say what it served from their time on (a retired one serves nothing
    // now, yet its first set still holds at its own time).
    ...(set.scope.startsWith('deployment:') ? { asOf: set.at } : {}),
  });
}
