import type {
  AssertionResult,
  DatasetVersion,
  GraphEdge,
  GraphNode,
  JobVersion,
  Run,
  RunState,
} from '../model/graph.js';
import type { NodeKind } from '../model/node-id.js';
import type { EventSource, StoredEvent } from './store.js';

/** Row shapes as both engines return them (JSON kept as text, times as canonical ISO strings). */
export interface NodeRow {
  nid: number;
  id: string;
  kind: string;
  namespace: string;
  name: string;
  parent_id: string | null;
  subtype: string | null;
  description: string | null;
  owners: string;
  tags: string;
  facets: string;
  attributes: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface EdgeRow {
  eid: number;
  scope: string;
  kind: string;
  source: string;
  target: string;
  via: string | null;
  origin: string;
  transformations: string;
  attributes: string;
  valid_from: string;
  valid_to: string | null;
}

export interface EventRow {
  seq: number;
  source: string;
  actor: string | null;
  event_time: string | null;
  received_at: string;
  payload: string;
  payload_hash: string;
  prev_hash: string;
  hash: string;
  pruned_by?: number | null;
}

export interface DatasetVersionRow {
  dataset_id: string;
  version: string;
  created_at: string;
  run_id: string | null;
  fields: string;
  facets: string;
  lifecycle_state: string | null;
  schema_hash: string;
}

export interface JobVersionRow {
  job_id: string;
  version: string;
  created_at: string;
  inputs: string;
  outputs: string;
  sql_text: string | null;
  facets: string;
  diagnostics: string;
}

export interface RunRow {
  run_id: string;
  job_id: string;
  state: string;
  state_time: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  nominal_start_time: string | null;
  nominal_end_time: string | null;
  parent_run_id: string | null;
  facets: string;
  input_versions: string;
  output_versions: string;
  job_version: string | null;
  error_message: string | null;
  /** The event-log record whose observation set `state` (null before migration 13). */
  state_seq: number | null;
  /** The event-log record that last wrote the run (null before migration 15). */
  row_seq: number | null;
}

export interface AssertionRow {
  node_id: string;
  assertion: string;
  status: string;
  at: string;
  run_id: string | null;
  severity: string | null;
  details: string;
  event_seq: number | null;
}

/** Columns of an edge joined to its endpoint ids; `e` is the edges table alias. */
export const EDGE_COLUMNS =
  'e.eid, e.scope, e.kind, s.id AS source, t.id AS target, e.via, e.origin, e.transformations, e.attributes, e.valid_from, e.valid_to';
export const EDGE_FROM = 'edges e JOIN nodes s ON s.nid = e.src JOIN nodes t ON t.nid = e.dst';
export const NODE_COLUMNS =
  'nid, id, kind, namespace, name, parent_id, subtype, description, owners, tags, facets, attributes, created_at, updated_at, deleted_at';

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

/**
 * Defines `key` as an enumerable property parsed from `text` on first read: facets are the bulk
 * of a node and many readers (traversals, impact, trees) never look at them.
 */
function defineLazyJson(target: object, key: string, text: string): void {
  let value: unknown;
  let parsed = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!parsed) {
        value = JSON.parse(text);
        parsed = true;
      }
      return value;
    },
    set(next: unknown) {
      value = next;
      parsed = true;
    },
  });
}

export function toNode(row: NodeRow): GraphNode {
  const node: GraphNode = {
    id: row.id,
    kind: row.kind as NodeKind,
    namespace: row.namespace,
    name: row.name,
    subtype: row.subtype,
    description: row.description,
    owners: json(row.owners),
    tags: json(row.tags),
    facets: {},
    attributes: json(row.attributes),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
  if (row.facets.length > 2) defineLazyJson(node, 'facets', row.facets);
  return node;
}

export function toEdge(row: EdgeRow): GraphEdge {
  return {
    kind: row.kind as GraphEdge['kind'],
    source: row.source,
    target: row.target,
    origin: row.origin as GraphEdge['origin'],
    via: row.via,
    transformations: json(row.transformations),
    attributes: json(row.attributes),
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

export function toEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    source: row.source as EventSource,
    actor: row.actor,
    eventTime: row.event_time,
    receivedAt: row.received_at,
    payload: json(row.payload),
    payloadHash: row.payload_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
    ...(row.pruned_by != null ? { prunedBy: Number(row.pruned_by) } : {}),
  };
}

export function toDatasetVersion(row: DatasetVersionRow): DatasetVersion {
  return {
    datasetId: row.dataset_id,
    version: row.version,
    createdAt: row.created_at,
    runId: row.run_id,
    fields: json(row.fields),
    facets: json(row.facets),
    lifecycleState: row.lifecycle_state,
  };
}

export function toJobVersion(row: JobVersionRow): JobVersion {
  return {
    jobId: row.job_id,
    version: row.version,
    createdAt: row.created_at,
    inputs: json(row.inputs),
    outputs: json(row.outputs),
    sql: row.sql_text,
    facets: json(row.facets),
    diagnostics: json(row.diagnostics),
  };
}

export function toRun(row: RunRow): Run {
  return {
    runId: row.run_id,
    jobId: row.job_id,
    state: row.state as RunState,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    nominalStartTime: row.nominal_start_time,
    nominalEndTime: row.nominal_end_time,
    parentRunId: row.parent_run_id,
    facets: json(row.facets),
    inputVersions: json(row.input_versions),
    outputVersions: json(row.output_versions),
    jobVersion: row.job_version,
    errorMessage: row.error_message,
  };
}

export function toAssertionResult(row: AssertionRow): AssertionResult {
  return {
    nodeId: row.node_id,
    assertion: row.assertion,
    status: row.status as AssertionResult['status'],
    at: row.at,
    runId: row.run_id,
    severity: row.severity,
    details: json(row.details),
    eventSeq: row.event_seq,
  };
}
