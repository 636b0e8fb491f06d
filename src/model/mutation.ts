import type {
  AssertionResult,
  DatasetVersionRef,
  EdgeInput,
  JobVersion,
  Owner,
  RunState,
  SchemaField,
} from './graph.js';
import type { NodeKind } from './node-id.js';

/**
 * What an ingester wants changed in the graph. Ingesters (OpenLineage, dbt, ML manifests,
 * annotations) build mutations and never write SQL; the store applies a mutation atomically
 * together with the event-log record that caused it, so every source shares one write path with
 * one place for idempotency and history.
 */
export interface Mutation {
  nodes: NodeUpsert[];
  edgeSets: EdgeSet[];
  datasetVersions: DatasetVersionInput[];
  jobVersions: JobVersionInput[];
  runs: RunUpsert[];
  assertionResults: Omit<AssertionResult, 'eventSeq'>[];
  /**
   * Dataset ids that name another dataset (OpenLineage `symlinks`: a file path that is a Hive
   * table). Once recorded, the store resolves the alias to the canonical id on every read, and
   * ingesters resolve ids through {@link Store.resolveAliases} before building edges.
   */
  aliases: DatasetAlias[];
}

export interface DatasetAlias {
  alias: string;
  canonical: string;
}

export function emptyMutation(): Mutation {
  return { nodes: [], edgeSets: [], datasetVersions: [], jobVersions: [], runs: [], assertionResults: [], aliases: [] };
}

/**
 * Creates a node or merges into it. Only the properties given change: `facets` merge by key
 * (a facet whose value is null, or carries `_deleted: true`, is removed), `owners` and `tags`
 * replace the previous lists when given, `attributes` merge by key.
 */
export interface NodeUpsert {
  id: string;
  kind: NodeKind;
  namespace: string;
  name: string;
  /** When this was observed (event time); sets createdAt on creation, updatedAt otherwise. */
  at: string;
  subtype?: string | null;
  description?: string | null;
  owners?: Owner[];
  tags?: string[];
  facets?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  /** Set to a time to mark the node ended (lifecycle DROP); null to revive it. */
  deletedAt?: string | null;
}

/**
 * The complete set of edges a scope asserts at a time. A scope is whoever owns those edges:
 * a job for its INPUT/OUTPUT edges (`job:NS:NAME`), a job and output dataset pair for DERIVES
 * edges, a model version for TRAINED_ON, a deployment for SERVES.
 *
 * The store applies it as follows:
 * - `merge`: open every edge of the set that is not open yet; close nothing.
 * - `replace` at or after the scope's last replace: edges of the scope that are open but not in
 *   the set are closed (validTo = at), new ones are opened (validFrom = at), and an open edge whose
 *   transformations or attributes changed is closed and reopened.
 * - `replace` from the same run as the scope's last replace behaves as `merge`, so the
 *   partial events of one run (START, RUNNING, COMPLETE) accumulate instead of flapping.
 * - `replace` older than the scope's last replace from another run (an event that arrived late)
 *   changes nothing: history is not rewritten.
 */
export interface EdgeSet {
  scope: string;
  at: string;
  mode: 'merge' | 'replace';
  runId: string | null;
  edges: EdgeInput[];
}

/**
 * A dataset version. `write`: a run wrote the dataset, so a version with this id is recorded
 * (once; the id is deterministic so replays change nothing). `observe`: a schema was seen
 * (a START event, a static DatasetEvent, a dbt catalog); a version is recorded only when its
 * schema differs from the dataset's latest version, or the dataset has none. `first-seen`: a
 * schema seen by a reader (an input's schema facet, often only the columns that reader uses) is
 * recorded only when the dataset has no version yet, so it can never cut a version that drops
 * columns the writer still has.
 */
export interface DatasetVersionInput {
  datasetId: string;
  reason: 'write' | 'observe' | 'first-seen';
  /** Deterministic version id (a UUID derived from run and dataset, or the producer's own version). */
  version: string;
  createdAt: string;
  runId: string | null;
  /** null when the producer sent no schema: the version inherits the previous version's fields. */
  fields: SchemaField[] | null;
  facets: Record<string, unknown>;
  lifecycleState: string | null;
}

/**
 * A job's state as of `createdAt`. The store derives the version id from a hash of the sorted
 * inputs, outputs and SQL and records a new version only when it differs from the job's latest.
 */
export type JobVersionInput = Omit<JobVersion, 'version'>;

/**
 * One observation of a run. The store merges observations whatever order they arrive in:
 * facets merge by key, a terminal state (COMPLETE, FAIL, ABORT) wins over START and RUNNING,
 * startedAt is the START event's time and endedAt the terminal event's time.
 */
export interface RunUpsert {
  runId: string;
  jobId: string;
  eventType: 'START' | 'RUNNING' | 'COMPLETE' | 'FAIL' | 'ABORT' | 'OTHER';
  eventTime: string;
  facets: Record<string, unknown>;
  nominalStartTime?: string | null;
  nominalEndTime?: string | null;
  parentRunId?: string | null;
  inputVersions: DatasetVersionRef[];
  outputVersions: DatasetVersionRef[];
  errorMessage?: string | null;
}

export function runStateOf(eventType: RunUpsert['eventType']): RunState {
  switch (eventType) {
    case 'START':
    case 'RUNNING':
      return 'RUNNING';
    case 'COMPLETE':
      return 'COMPLETED';
    case 'FAIL':
      return 'FAILED';
    case 'ABORT':
      return 'ABORTED';
    case 'OTHER':
      return 'OTHER';
  }
}
