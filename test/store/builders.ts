import type { EdgeInput } from '../../src/model/graph.js';
import { type DatasetVersionInput, emptyMutation, type Mutation, type NodeUpsert } from '../../src/model/mutation.js';
import { parseNodeId } from '../../src/model/node-id.js';
import type { EventInput, Store } from '../../src/store/store.js';

let counter = 0;

/** An event with a unique payload unless one is given. */
export function event(payload: unknown = { n: ++counter, at: Date.now(), r: Math.random() }): EventInput {
  return { source: 'openlineage', actor: 'tester', payload, eventTime: '2026-01-01T00:00:00.000Z' };
}

export function mutation(parts: Partial<Mutation>): Mutation {
  return { ...emptyMutation(), ...parts };
}

/** A node upsert with kind, namespace and name taken from the id. */
export function node(id: string, at: string, extra: Partial<NodeUpsert> = {}): NodeUpsert {
  const ref = parseNodeId(id);
  const namespace = 'namespace' in ref ? ref.namespace : '';
  const name = 'name' in ref ? ref.name : id;
  return { id, kind: ref.kind, namespace, name, at, ...extra };
}

export function edge(
  kind: EdgeInput['kind'],
  source: string,
  target: string,
  extra: Partial<EdgeInput> = {},
): EdgeInput {
  return { kind, source, target, origin: 'facet', via: null, transformations: [], attributes: {}, ...extra };
}

/** Ingests a mutation under a fresh unique event. */
export async function apply(store: Store, parts: Partial<Mutation>): Promise<number> {
  const result = await store.ingest(event(), mutation(parts));
  return result.seq;
}

export const T = (day: number, hour = 0): string => new Date(Date.UTC(2026, 0, day, hour)).toISOString();

/**
 * A dataset version written by no run. Columns are names (type int) or [name, type] pairs.
 */
export function datasetVersion(
  datasetId: string,
  version: string,
  createdAt: string,
  columns: readonly (string | readonly [string, string])[] = ['id'],
  extra: Partial<DatasetVersionInput> = {},
): DatasetVersionInput {
  return {
    datasetId,
    reason: 'write',
    version,
    createdAt,
    runId: null,
    fields: columns.map((column) =>
      typeof column === 'string' ? { name: column, type: 'int' } : { name: column[0], type: column[1] },
    ),
    facets: {},
    lifecycleState: null,
    ...extra,
  };
}
