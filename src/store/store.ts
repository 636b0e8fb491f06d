import type {
  AssertionResult,
  DatasetVersion,
  EdgeKind,
  GraphEdge,
  GraphNode,
  JobVersion,
  Owner,
  Run,
  RunState,
  SchemaField,
  Transformation,
  TraversalLevel,
} from '../model/graph.js';
import type { Mutation } from '../model/mutation.js';
import type { NodeKind } from '../model/node-id.js';
import type { ActiveStore, Incident } from './active-store.js';
import type { PredictionLog } from './prediction-log.js';

/**
 * The only thing in Rootline that touches SQL. Two implementations, `sqlite/` and `postgres/`,
 * pass one contract suite. Every method is async so both engines share the interface; every
 * read that has a time dimension takes `asOf`.
 */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** The prediction log: its own time-indexed tables, outside the event log and the graph. */
  readonly predictions: PredictionLog;
  /** Incidents, alert subscriptions, the alert delivery queue and drift histograms (active metadata). */
  readonly active: ActiveStore;

  /**
   * Appends `event` to the hash-chained event log and applies `mutation`, atomically: either both
   * happen or neither. An event whose canonical payload hash is already in the log is a duplicate:
   * nothing changes and the existing record's sequence number is returned.
   */
  ingest(event: EventInput, mutation: Mutation): Promise<IngestResult>;

  /**
   * Ingests many records with the semantics of calling {@link ingest} for each in order, but in as
   * few transactions as possible (bulk loads). A record whose mutation fails to apply is reported
   * as `failed` with its error and leaves no trace; the others are stored. Results are in input order.
   */
  ingestBatch(items: readonly BatchItem[]): Promise<BatchIngestResult[]>;

  /** Maps each dataset id that is a recorded alias to its canonical id; ids that are not aliases are absent. */
  resolveAliases(ids: readonly string[]): Promise<Map<string, string>>;

  // ---- nodes -------------------------------------------------------------------------------
  /** The node as of `asOf` (created by then), or null. Fields of a dataset are separate nodes. */
  getNode(id: string, options?: { asOf?: string }): Promise<GraphNode | null>;
  getNodes(ids: readonly string[]): Promise<GraphNode[]>;
  /** Up to `limit` ids sorting just before and just after `id` (ids that share its beginning), from the id index. */
  listIdsNear(id: string, limit: number): Promise<string[]>;
  listNodes(query: NodeQuery): Promise<Page<GraphNode>>;
  /** Field nodes of a dataset, in schema order, as of `asOf` (from the dataset version then). */
  listFields(datasetId: string, options?: { asOf?: string }): Promise<GraphNode[]>;
  listNamespaces(): Promise<NamespaceSummary[]>;
  /** Case-insensitive substring search over names, namespaces, descriptions and tags. */
  search(query: SearchQuery): Promise<Page<GraphNode>>;
  /** Every node carrying one of the tags (case-insensitive), read from the index of tagged nodes. */
  listTaggedNodes(query: TaggedQuery): Promise<GraphNode[]>;

  // ---- versions and runs ---------------------------------------------------------------------
  /** Versions that changed their dataset's schema in a window, each with the version before it. */
  listSchemaChanges(query: SchemaChangeQuery): Promise<SchemaChanges>;
  /** Newest first. */
  listDatasetVersions(datasetId: string, page?: PageQuery): Promise<Page<DatasetVersion>>;
  getDatasetVersion(datasetId: string, version: string): Promise<DatasetVersion | null>;
  /** Versions of any dataset created in (from, to], oldest first: schema changes over a window. */
  listDatasetVersionChanges(from: string, to: string, page?: PageQuery): Promise<Page<DatasetVersion>>;
  /** The latest version created at or before `asOf` (now when omitted). */
  getDatasetVersionAt(datasetId: string, asOf?: string): Promise<DatasetVersion | null>;
  /** Newest first. */
  listJobVersions(jobId: string, page?: PageQuery): Promise<Page<JobVersion>>;
  getJobVersion(jobId: string, version: string): Promise<JobVersion | null>;
  getJobVersionAt(jobId: string, asOf?: string): Promise<JobVersion | null>;
  getRun(runId: string): Promise<Run | null>;
  /** Newest first (by createdAt). */
  listRuns(query: RunQuery): Promise<Page<Run>>;
  listAssertionResults(query: AssertionQuery): Promise<Page<AssertionResult>>;
  /**
   * What happened upstream of a node in a window (root cause): see {@link UpstreamActivity}. The
   * walks and the search run in memory; the database is read only for what was found.
   */
  traceUpstreamActivity(query: UpstreamActivityQuery): Promise<UpstreamActivity>;
  /** The version, run and event-log record of each dataset's newest version created by `asOf`; datasets without one are absent. */
  readVersionDetails(datasetIds: readonly string[], asOf: string): Promise<Map<string, VersionDetails>>;
  /** What the lineage health report checks, each check answered over the whole graph at once. */
  readHealthFacts(query: HealthQuery): Promise<HealthFacts>;

  // ---- edges and traversal -------------------------------------------------------------------
  /** Edges touching a node (either end), valid at `asOf` unless `includeClosed`. */
  listEdges(query: EdgeQuery): Promise<GraphEdge[]>;
  /**
   * Breadth-first walk from `start` along edges valid at `asOf` (now when omitted), bounded by
   * `depth` (edges from the start) and `maxNodes`. `partial` is true when a bound cut the walk.
   * Nodes come back with their depth; edges are those walked.
   */
  traverse(query: TraversalQuery): Promise<Subgraph>;
  /**
   * The same walk as {@link traverse} in one direction, answered from the traversal index and a
   * cache of node summaries instead of whole nodes and edges: for analyses that visit thousands
   * of nodes (impact, PII). Each node comes with the edge that first reached it, so one shortest
   * path back to a start is read off the tree.
   */
  walkTree(query: TreeQuery): Promise<WalkTree>;
  /** Edges opened or closed in (from, to]: the raw material of a lineage diff. */
  listEdgeChanges(from: string, to: string, page?: PageQuery): Promise<Page<GraphEdge>>;
  /** Nodes created or updated in (from, to]. */
  listNodeChanges(from: string, to: string, page?: PageQuery): Promise<Page<GraphNode>>;

  // ---- event log -----------------------------------------------------------------------------
  listEvents(query: EventQuery): Promise<Page<StoredEvent>>;
  getEvent(seq: number): Promise<StoredEvent | null>;
  /** Recomputes every payload hash and chain link; reports the first record that does not match. */
  verifyChain(): Promise<ChainReport>;

  // ---- access tokens and retention (security) ------------------------------------------------
  /**
   * Stores a new access token by the SHA-256 of its secret (the secret itself is never stored) and
   * appends an `admin` record naming it to the event log, atomically.
   */
  createToken(token: AccessToken, secretHash: string, actor: string | null): Promise<IngestResult>;
  /** The token whose secret hashes to `secretHash`, revoked or not; null when there is none. */
  findTokenByHash(secretHash: string): Promise<AccessToken | null>;
  /** Every token, newest first (never their secrets or hashes). */
  listTokens(): Promise<AccessToken[]>;
  /** Marks a token revoked (with an `admin` record in the log); null when no token has that id. */
  revokeToken(id: string, actor: string | null): Promise<AccessToken | null>;
  /**
   * Applies a retention policy: clears the details of runs created before `runsBefore`, deletes
   * predictions before `predictionsBefore`, and drops the payloads of ingest records received
   * before `eventsBefore`. Versions, edges and the chain itself are kept: a `retention` checkpoint
   * record holds the hash of the pruned segment, so {@link verifyChain} still checks every link.
   */
  applyRetention(cutoffs: RetentionCutoffs, actor: string | null): Promise<RetentionReport>;
  /**
   * Appends an exported record with its original header and applies the mutation its replay
   * produced (import); the record must continue the chain exactly. See `rootline import`.
   */
  importRecord(record: StoredEvent, mutation: Mutation): Promise<IngestResult>;

  close(): Promise<void>;
}

export type EventSource =
  | 'openlineage'
  | 'dbt'
  | 'apply'
  | 'annotate'
  | 'mlflow'
  | 'feast'
  | 'admin'
  | 'import'
  | 'audit'
  | 'retention';

export type TokenRole = 'viewer' | 'editor' | 'admin';

/** An API access token as stored: who it lets in and for what; the secret is never kept. */
export interface AccessToken {
  id: string;
  role: TokenRole;
  /** Namespaces it may read and write; null for every namespace. */
  namespaces: string[] | null;
  /** Extra permissions, e.g. `pii:read`. */
  scopes: string[];
  description: string | null;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface RetentionCutoffs {
  runsBefore?: string;
  predictionsBefore?: string;
  eventsBefore?: string;
}

export interface RetentionReport {
  /** Sequence number of the checkpoint record; null when nothing was pruned. */
  checkpoint: number | null;
  runs: number;
  predictions: number;
  events: number;
  /** SHA-256 over the pruned records' sequence numbers and payload hashes. */
  segmentHash: string | null;
}

export interface EventInput {
  source: EventSource;
  /** Token id or user that sent it; null for the open loopback demo. */
  actor: string | null;
  /** The record as received (after parsing), stored as canonical JSON. */
  payload: unknown;
  /** When the record happened according to its producer, if it says (OpenLineage eventTime). */
  eventTime: string | null;
}

export interface BatchItem {
  event: EventInput;
  mutation: Mutation;
}

export type BatchIngestResult = IngestResult | { status: 'failed'; error: Error };

export interface IngestResult {
  status: 'accepted' | 'duplicate';
  seq: number;
  hash: string;
}

export interface StoredEvent {
  seq: number;
  source: EventSource;
  actor: string | null;
  eventTime: string | null;
  receivedAt: string;
  payload: unknown;
  /** SHA-256 of the payload's canonical JSON. */
  payloadHash: string;
  prevHash: string;
  /** SHA-256 of the canonical JSON of {seq, source, actor, eventTime, receivedAt, payloadHash, prevHash}. */
  hash: string;
  /** Set when retention dropped the payload (then null): the sequence number of its checkpoint record. */
  prunedBy?: number;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface NodeQuery extends PageQuery {
  kind?: NodeKind;
  namespace?: string;
  /** Only nodes in one of these namespaces (a namespace-scoped token's view). */
  namespaces?: readonly string[];
  subtype?: string;
  asOf?: string;
}

export interface SchemaChangeQuery {
  /** Versions created in (since, until]. */
  since: string;
  until: string;
  /** Only these datasets. */
  datasetIds?: readonly string[];
  /** Only datasets in one of these namespaces. */
  namespaces?: readonly string[];
  /** Most changes returned, newest first; `partial` says when there were more. */
  limit: number;
}

export interface SchemaChanges {
  items: { current: DatasetVersion; previous: DatasetVersion }[];
  partial: boolean;
}

export interface TaggedQuery {
  tags: readonly string[];
  /** Only nodes created by then. */
  asOf?: string;
  /** Only nodes in one of these namespaces (a namespace-scoped token's view). */
  namespaces?: readonly string[];
}

export interface SearchQuery extends PageQuery {
  q: string;
  kinds?: NodeKind[];
  namespace?: string;
  /** Only nodes in one of these namespaces (a namespace-scoped token's view). */
  namespaces?: readonly string[];
}

export interface NamespaceSummary {
  name: string;
  createdAt: string;
  updatedAt: string;
  nodeCount: number;
}

export interface RunQuery extends PageQuery {
  jobId?: string;
  state?: RunState;
  since?: string;
}

export interface AssertionQuery extends PageQuery {
  /** A dataset id matches its own and its fields' assertions. */
  nodeId?: string;
  status?: AssertionResult['status'];
  since?: string;
}

export interface UpstreamActivityQuery {
  /**
   * The node to look upstream of (an alias is resolved); unknown, or created after `until`, is a
   * NotFoundError. A dataset's fields, as of `until`, start the column-level walk with it.
   */
  node: string;
  /** How far up, in pipeline steps (see model/pipeline-steps). */
  steps: number;
  since: string;
  /** The end of the window, and the time the lineage is walked at. */
  until: string;
  /** Most nodes each walk (column level, job level) visits; past it the answer is `partial`. */
  maxNodes: number;
  /** How many of each dataset's newest versions (created by `until`) schema changes are looked for in. */
  versionsPerDataset: number;
  /** A dataset is stale when its newest version is older than this many times its usual interval. */
  staleAfterIntervals: number;
}

/** Where an upstream node sits: its distance in pipeline steps and one shortest path from it to the node asked about. */
export interface UpstreamPlace {
  distance: number;
  /** From the upstream node to the node asked about (or one of its fields). */
  path: string[];
}

/**
 * What happened upstream of a node in a window (root cause). The upstream is walked at column
 * level and job level; a column counts as its dataset, and the job a column was derived in one
 * step above the column. Each list holds at most 5,000 items.
 */
export interface UpstreamActivity {
  /** The canonical id of the node asked about. */
  node: string;
  /** The datasets and jobs upstream within `steps`. */
  upstream: readonly string[];
  /** A walk reached its node budget, or nodes beyond `steps` were left out. */
  partial: boolean;
  /** The place of an upstream dataset or job; null for any other id. */
  placeOf: (id: string) => UpstreamPlace | null;
  /** FAILED or ABORTED runs of upstream jobs that failed (ended) in [since, until], newest first. */
  failedRuns: FailedRun[];
  /** Failed assertion results on upstream datasets or their fields in [since, until], newest first. */
  failedAssertions: AssertionResult[];
  /** Versions of upstream datasets created in (since, until] whose schema differs from the version before. */
  schemaChanges: SchemaChangeStamp[];
  /** Upstream datasets with no version for longer than `staleAfterIntervals` times their usual interval at `until`. */
  staleInputs: StaleInput[];
  /**
   * INPUT edges into and OUTPUT edges out of upstream jobs, opened or closed in (since, until];
   * edges that opened when their job first appeared (its first run) are not changes and are left out.
   */
  lineageChanges: LineageChange[];
  /**
   * Incidents open at `until` on the node or a field of it (distance 0), or on an upstream dataset
   * or job (or a field of one, placed as its dataset); newest first.
   */
  openIncidents: UpstreamIncident[];
}

/** An open incident where it sits: its place, or distance 0 and the node alone when on the node asked about or a field of it. */
export interface UpstreamIncident extends UpstreamPlace {
  incident: Incident;
}

/** A failed or aborted run, with the event-log record that reported the failure. */
export interface FailedRun {
  run: Pick<Run, 'runId' | 'jobId' | 'state' | 'createdAt' | 'endedAt' | 'errorMessage'>;
  /** Null for runs recorded before migration 13. */
  eventSeq: number | null;
}

/** An edge opened or closed in a window, with the event-log record that did it. */
export interface LineageChange {
  edge: GraphEdge;
  /** Sequence number of the record that closed the edge (when it closed in the window) or opened it; null for edges written before migration 12. */
  eventSeq: number | null;
}

/** What identifies a dataset version and what wrote it. */
export interface VersionDetails {
  version: string;
  runId: string | null;
  /** The event-log record that wrote the version (null before migration 13). */
  eventSeq: number | null;
}

/** A new dataset version whose schema differs from the version before it. */
export interface SchemaChangeStamp {
  datasetId: string;
  /** Epoch ms. */
  createdMs: number;
  before: SchemaField[];
  after: SchemaField[];
  details: VersionDetails;
}

/**
 * A dataset that has not had a new version for too long: its usual interval is the median gap
 * between its 30 newest versions (the rule lineage health uses too).
 */
export interface StaleInput {
  datasetId: string;
  /** Epoch ms of its newest version by the end of the window. */
  latestMs: number;
  intervalMs: number;
}

/**
 * A type, optionally with a subtype; or DIRECT transformations that do not mask values (`masking:
 * false`: not a hash or a count), the ones personal data flows through.
 */
export type TransformationFilter =
  | { type: 'DIRECT' | 'INDIRECT'; subtype?: string }
  | { type: 'DIRECT'; masking: false };

export interface HealthQuery {
  asOf?: string;
  /** Only nodes in these namespaces. */
  namespaces?: readonly string[];
  /** Most items returned per check; counts cover them all. */
  limit: number;
}

/** How many items a check found, and the first few by id. */
export interface Found<T> {
  count: number;
  items: T[];
}

export interface HealthFacts {
  checked: { datasets: number; jobs: number; models: number };
  /** Datasets a job reads and none writes, not declared as sources and not made by the ML layer. */
  undeclaredSources: Found<{ id: string }>;
  /** Datasets written by a job that reads nothing. */
  outputsWithoutInputs: Found<{ id: string; jobId: string }>;
  /** Jobs whose version in force has SQL the analyzer reported errors for. */
  sqlWithoutColumnLineage: Found<{ id: string; errors: string[] }>;
  datasetsWithoutOwners: Found<{ id: string }>;
  modelsWithoutOwners: Found<{ id: string }>;
  /** Datasets with no version for over three times their median interval (of their 30 newest). */
  staleDatasets: Found<{ id: string; lastVersionAt: string }>;
  /** Datasets whose latest result of an assertion on them or their columns failed. */
  failingAssertions: Found<{ id: string; failing: { assertion: string; nodeId: string }[] }>;
  /** Feature views whose source dataset does not exist or was dropped. */
  orphanedFeatureViews: Found<{ id: string; source: string; droppedAt: string | null }>;
}

export interface EdgeQuery {
  nodeId: string;
  direction?: 'in' | 'out' | 'both';
  kinds?: EdgeKind[];
  asOf?: string;
  includeClosed?: boolean;
}

export type Direction = 'upstream' | 'downstream' | 'both';

export interface TraversalQuery {
  start: readonly string[];
  direction: Direction;
  depth: number;
  level: TraversalLevel;
  asOf?: string;
  /** Defaults to 10,000. */
  maxNodes?: number;
  /** Restricts the walk to these edge kinds (default: all kinds of the level). */
  edgeKinds?: readonly EdgeKind[];
  /** When set, DERIVES edges are walked only if one of their transformations matches. */
  transformations?: readonly TransformationFilter[];
  /** Epoch milliseconds after which the walk stops with `partial: true` (default: 5 seconds from the call). */
  deadline?: number;
}

export interface TraversedNode {
  node: GraphNode;
  depth: number;
}

export interface Subgraph {
  nodes: TraversedNode[];
  edges: GraphEdge[];
  partial: boolean;
}

export interface TreeQuery extends Omit<TraversalQuery, 'direction'> {
  direction: 'upstream' | 'downstream';
}

/** The little of a node that analyses over thousands of nodes read: identity, display name, owners. */
export interface NodeSummary {
  id: string;
  kind: NodeKind;
  namespace: string;
  /** As on {@link GraphNode}: for a field, its dataset's name. */
  name: string;
  subtype: string | null;
  /** A field's column name; null for other kinds. */
  field: string | null;
  owners: readonly Owner[];
  /** The dataset of a field, the model of a model version, the node of an assertion; else null. */
  parentId: string | null;
}

export interface TreeNode {
  node: NodeSummary;
  depth: number;
  /** Index in {@link WalkTree.edges} of the edge that first reached the node; -1 for a start. */
  reachedBy: number;
  /** Index in {@link WalkTree.nodes} of the node that edge came from (the tree parent); -1 for a start. */
  from: number;
}

export interface TreeEdge {
  kind: EdgeKind;
  /** Indexes in {@link WalkTree.nodes}. */
  source: number;
  target: number;
  /** The job a DERIVES edge was derived in, when known. */
  via: NodeSummary | null;
  /** Types and subtypes only (a subtype outside the spec's lists reads as undefined; no masking flags). */
  transformations: readonly Transformation[];
  /** Not closed: valid now. */
  open: boolean;
}

export interface WalkTree {
  /** Every node reached, breadth-first (starts first). */
  nodes: TreeNode[];
  /** Every edge walked between reached nodes, not only those of the tree. */
  edges: TreeEdge[];
  /** The parents (see {@link NodeSummary.parentId}) of reached nodes, by id. */
  parents: Map<string, NodeSummary>;
  partial: boolean;
}

export interface EventQuery extends PageQuery {
  after?: string;
  before?: string;
  source?: EventSource;
  actor?: string;
  order?: 'asc' | 'desc';
  /** Only records whose payload text contains every one of these strings (audit by node). */
  mentions?: readonly string[];
}
