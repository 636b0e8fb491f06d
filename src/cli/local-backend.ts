import { diffGraph } from '../analysis/diff.js';
import { findNodeOrSuggest } from '../analysis/find-node.js';
import type { Store } from '../store/store.js';
import {
  type CliBackend,
  type IngestOutcome,
  LINEAGE_NODE_BUDGET,
  type LineageGraph,
  type LineageQuery,
} from './backend.js';

export const CLI_ACTOR = 'cli';

/** A backend over a store opened in this process (SQLite file or PostgreSQL). */
export function createLocalBackend(store: Store, target: string): CliBackend & { store: Store } {
  return {
    store,
    target,
    async ingestOpenLineage(events, options): Promise<IngestOutcome[]> {
      // Loaded on demand: the ingester brings the SQL analyzer (WebAssembly), which reads never need.
      const { ingestOpenLineage } = await import('../ingest/openlineage/ingest-openlineage.js');
      return ingestOpenLineage(store, events, { strict: options.strict, actor: CLI_ACTOR });
    },
    lineage: (query) => readLineage(store, query),
    diff: (from, to) => diffGraph(store, { from, to }),
    verify: () => store.verifyChain(),
    async countEvents() {
      return (await store.listEvents({ limit: 1 })).total;
    },
    close: () => store.close(),
  };
}

/**
 * Walks the graph from one node, as `GET /api/v2/lineage` does. At column level a dataset
 * stands for itself and its fields, so `lineage dataset:... --column` shows the lineage of
 * every column of the table.
 */
export async function readLineage(store: Store, query: LineageQuery): Promise<LineageGraph> {
  const root = await findNodeOrSuggest(store, query.node, query.asOf);
  const asOf = query.asOf !== undefined ? { asOf: query.asOf } : {};
  const start = [root.id];
  if (query.level === 'column' && root.kind === 'dataset') {
    for (const field of await store.listFields(root.id, asOf)) start.push(field.id);
  }
  const walk = await store.traverse({
    start,
    direction: query.direction,
    depth: query.depth,
    level: query.level,
    maxNodes: LINEAGE_NODE_BUDGET,
    ...asOf,
  });
  return { nodes: walk.nodes.map(({ node, depth }) => ({ ...node, depth })), edges: walk.edges, partial: walk.partial };
}
