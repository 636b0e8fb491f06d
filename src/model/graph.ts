import type { NodeKind } from './node-id.js';

/**
 * The graph's vocabulary. Edges always point in the direction data flows, so "upstream" means
 * following edges backwards and "downstream" forwards, whatever their kind:
 *
 * - INPUT      dataset -> job            (the job reads the dataset)
 * - OUTPUT     job -> dataset            (the job writes the dataset)
 * - DERIVES    datasetField -> datasetField, or datasetField -> dataset for dataset-wide
 *              indirect dependencies (a filter column influences every output row)
 * - TRAINED_ON dataset (training set) -> modelVersion, and datasetField -> modelVersion for each
 *              feature and the label, so column-level traversal reaches models
 * - SERVES     modelVersion -> deployment
 */

export type DatasetSubtype = 'table' | 'view' | 'file' | 'topic' | 'featureView' | 'trainingSet' | 'predictionLog';

export interface Owner {
  name: string;
  type?: string | undefined;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  namespace: string;
  /** The dataset, job, model or deployment name; for a field, its dataset's name. */
  name: string;
  /** Dataset subtype, job type (QUERY, TASK, MODEL...), or null. */
  subtype: string | null;
  description: string | null;
  owners: Owner[];
  tags: string[];
  /** Accumulated facets, verbatim as received, keyed by facet name. */
  facets: Record<string, unknown>;
  /**
   * Kind-specific values: a field's `field`, `type`, `ordinal`; a model version's `version`,
   * `params`, `metrics`, `codeVersion`; a deployment's serving window.
   */
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** Set when a lifecycleStateChange DROP (or a closed deployment) ended the node. */
  deletedAt: string | null;
}

export const EDGE_KINDS = ['INPUT', 'OUTPUT', 'DERIVES', 'TRAINED_ON', 'SERVES'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const EDGE_ORIGINS = ['facet', 'sql', 'dbt', 'api', 'ml'] as const;
export type EdgeOrigin = (typeof EDGE_ORIGINS)[number];

export type TransformationType = 'DIRECT' | 'INDIRECT';
export const DIRECT_SUBTYPES = ['IDENTITY', 'TRANSFORMATION', 'AGGREGATION'] as const;
export const INDIRECT_SUBTYPES = ['JOIN', 'GROUP_BY', 'FILTER', 'SORT', 'WINDOW', 'CONDITIONAL'] as const;

export interface Transformation {
  type: TransformationType;
  subtype?: string | undefined;
  description?: string | undefined;
  masking?: boolean | undefined;
}

/** An edge as an ingester states it; the store assigns its validity interval. */
export interface EdgeInput {
  kind: EdgeKind;
  source: string;
  target: string;
  origin: EdgeOrigin;
  /** The job whose run produced a DERIVES edge; null for edges that are not bound to a job. */
  via: string | null;
  transformations: Transformation[];
  /** e.g. TRAINED_ON `{ version: "3", role: "feature" | "label" }`. */
  attributes: Record<string, unknown>;
}

export interface GraphEdge extends EdgeInput {
  validFrom: string;
  /** null while the edge still holds. */
  validTo: string | null;
}

/** Two edges are the same edge when these parts match; transformations and attributes may change. */
export function edgeKey(edge: Pick<EdgeInput, 'kind' | 'source' | 'target' | 'via'>): string {
  return `${edge.kind}|${edge.source}|${edge.target}|${edge.via ?? ''}`;
}

export type TraversalLevel = 'dataset' | 'column';

/** Whether an edge belongs to the dataset-level graph, the column-level graph, or both. */
export function edgeLevels(edge: Pick<EdgeInput, 'kind' | 'source'>): readonly TraversalLevel[] {
  switch (edge.kind) {
    case 'INPUT':
    case 'OUTPUT':
      return ['dataset'];
    case 'DERIVES':
      return ['column'];
    case 'TRAINED_ON':
      return edge.source.startsWith('datasetField:') ? ['column'] : ['dataset'];
    case 'SERVES':
      return ['dataset', 'column'];
  }
}

/** True when an edge is valid at `asOf` (ISO time): validFrom <= asOf < validTo. */
export function isEdgeValidAt(edge: Pick<GraphEdge, 'validFrom' | 'validTo'>, asOf: string): boolean {
  return edge.validFrom <= asOf && (edge.validTo === null || asOf < edge.validTo);
}

export interface SchemaField {
  name: string;
  type?: string | undefined;
  description?: string | undefined;
  /** Nested fields (structs); flattened to dotted names as graph nodes. */
  fields?: SchemaField[] | undefined;
}

export interface DatasetVersion {
  datasetId: string;
  version: string;
  createdAt: string;
  /** The run that wrote this version, if a run did. */
  runId: string | null;
  fields: SchemaField[];
  facets: Record<string, unknown>;
  lifecycleState: string | null;
}

export interface JobVersion {
  jobId: string;
  version: string;
  createdAt: string;
  inputs: string[];
  outputs: string[];
  sql: string | null;
  facets: Record<string, unknown>;
  /** Parse or analysis problems recorded against this version (e.g. SQL that did not parse). */
  diagnostics: Diagnostic[];
}

export const RUN_STATES = ['NEW', 'RUNNING', 'COMPLETED', 'FAILED', 'ABORTED', 'OTHER'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface Run {
  runId: string;
  jobId: string;
  state: RunState;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  nominalStartTime: string | null;
  nominalEndTime: string | null;
  parentRunId: string | null;
  facets: Record<string, unknown>;
  /** Dataset versions the run read and wrote: `{ datasetId, version }`. */
  inputVersions: DatasetVersionRef[];
  outputVersions: DatasetVersionRef[];
  jobVersion: string | null;
  errorMessage: string | null;
}

export interface DatasetVersionRef {
  datasetId: string;
  version: string;
}

export type AssertionStatus = 'pass' | 'fail' | 'warn' | 'error';

export interface AssertionResult {
  /** The dataset or datasetField the assertion checks. */
  nodeId: string;
  assertion: string;
  status: AssertionStatus;
  at: string;
  runId: string | null;
  severity: string | null;
  /** Extra evidence (expected, actual, message); kept verbatim. */
  details: Record<string, unknown>;
  /** Event-log sequence number of the record that carried the result. */
  eventSeq: number | null;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem worth telling a user about that did not stop the work (a facet kept raw, SQL that did not parse). */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  code: string;
  message: string;
  /** JSON path or source position the diagnostic refers to. */
  path?: string | undefined;
}
