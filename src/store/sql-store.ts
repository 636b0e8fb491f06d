import { canonicalJson, sha256 } from '../model/canonical-json.js';
import type { AssertionResult, DatasetVersion, GraphEdge, GraphNode, JobVersion, Run } from '../model/graph.js';
import type { Mutation } from '../model/mutation.js';
import type { ActiveStore } from './active-store.js';
import { canonicalId, loadAliases } from './aliases.js';
import type { BatchState } from './apply-context.js';
import { applyMutation, mentionedIds } from './apply-mutation.js';
import { EventBatch } from './event-batch.js';
import { verifyEventChain } from './event-log.js';
import { GroupCommit } from './group-commit.js';
import { importEventRecord } from './import-record.js';
import type { PredictionLog } from './prediction-log.js';
import { pruneHistory } from './prune-history.js';
import { readEdgeChanges, readEdges } from './read-edges.js';
import { readHealthFacts } from './read-health.js';
import {
  readAssertionResults,
  readDatasetVersion,
  readDatasetVersionAt,
  readDatasetVersionChanges,
  readDatasetVersions,
  readEvent,
  readEvents,
  readJobVersion,
  readJobVersionAt,
  readJobVersions,
  readRun,
  readRuns,
} from './read-history.js';
import {
  listNodeRows,
  readFields,
  readIdsNear,
  readNamespaces,
  readNode,
  readNodeChanges,
  readNodes,
  readTaggedNodes,
  searchNodes,
} from './read-nodes.js';
import { readSchemaChanges } from './read-schema-changes.js';
import { createActiveStore } from './sql-active-store.js';
import type { SqlDriver } from './sql-driver.js';
import type {
  AccessToken,
  AssertionQuery,
  BatchIngestResult,
  BatchItem,
  ChainReport,
  EdgeQuery,
  EventInput,
  EventQuery,
  HealthFacts,
  HealthQuery,
  IngestResult,
  NamespaceSummary,
  NodeQuery,
  Page,
  PageQuery,
  RetentionCutoffs,
  RetentionReport,
  RunQuery,
  SchemaChangeQuery,
  SchemaChanges,
  SearchQuery,
  Store,
  StoredEvent,
  Subgraph,
  TaggedQuery,
  TraversalQuery,
  TreeQuery,
  UpstreamActivity,
  UpstreamActivityQuery,
  VersionDetails,
  WalkTree,
} from './store.js';
import { findToken, insertToken, listTokenRows, markTokenRevoked } from './token-table.js';
import { traceUpstreamActivity } from './trace-upstream.js';
import { createTraversalResources, type TraversalResources, traverseGraph } from './traverse.js';
import { readVersionDetails } from './upstream-evidence.js';
import { walkTree } from './walk-tree.js';
import { WriteCache } from './write-cache.js';

/** Most records per transaction in {@link SqlStore.ingestBatch} and grouped {@link SqlStore.ingest} calls. */
const BATCH_TRANSACTION_SIZE = 500;

/** What the in-memory indexes hold once loaded ({@link SqlStore.warmUp}). */
export interface LoadedIndexes {
  edges: number;
  datasetVersions: number;
  failedRuns: number;
  failedAssertions: number;
  incidents: number;
}

/**
 * The {@link Store} written once against {@link SqlDriver}: portable SQL here, engine specifics
 * (DDL, locking, connection handling) in the `sqlite/` and `postgres/` drivers.
 */
export class SqlStore implements Store {
  readonly engine: 'sqlite' | 'postgres';
  private traversal: TraversalResources | null = null;
  private closing: Promise<void> | null = null;
  private warming: Promise<LoadedIndexes> | null = null;
  private readonly writes = new GroupCommit((items) => this.ingestTogether(items), BATCH_TRANSACTION_SIZE);

  readonly predictions: PredictionLog;
  readonly active: ActiveStore;

  constructor(
    protected readonly driver: SqlDriver,
    createPredictions: (driver: SqlDriver) => PredictionLog,
  ) {
    this.predictions = createPredictions(driver);
    this.active = createActiveStore(driver);
    this.engine = driver.engine;
  }

  /** The traversal index and caches, created on first use; the index loads on its first refresh. */
  protected get traversalResources(): TraversalResources {
    this.traversal ??= createTraversalResources(this.driver);
    return this.traversal;
  }

  async ingest(event: EventInput, mutation: Mutation): Promise<IngestResult> {
    const [result] = await this.writes.submit([{ event, mutation }]);
    if (!result) throw new Error('the store returned no result for the record');
    if (result.status === 'failed') throw result.error;
    return result;
  }

  ingestBatch(items: readonly BatchItem[]): Promise<BatchIngestResult[]> {
    return this.writes.submit(items);
  }

  /**
   * Appends and applies records in order in one write transaction (all or none), with the
   * semantics of one {@link ingest} each: the log is read once and written with multi-row
   * statements, and the mutations share what earlier ones learnt (aliases, revision, change seq).
   */
  private ingestTogether(items: readonly BatchItem[]): Promise<IngestResult[]> {
    const texts = items.map((item) => canonicalJson(item.event.payload ?? null));
    const hashes = texts.map((text) => sha256(text));
    return this.driver.writeTransaction(async (tx) => {
      const log = await EventBatch.open(tx, hashes);
      const aliases = await loadAliases(
        tx,
        items.flatMap((item) => mentionedIds(item.mutation)),
      );
      const cache = await WriteCache.load(
        tx,
        items.map((item) => item.mutation),
        aliases,
      );
      const batch: BatchState = { lastNodeRev: 0, nextChangeSeq: 0, aliases, cache };
      const out: IngestResult[] = [];
      for (const [index, item] of items.entries()) {
        const appended = log.append(item.event, texts[index] ?? 'null', hashes[index]);
        if (appended.status === 'accepted') await applyMutation(tx, item.mutation, appended.seq, batch);
        out.push({ status: appended.status, seq: appended.seq, hash: appended.hash });
      }
      await cache.flush(tx);
      await cache.flushEdges(tx);
      await log.flush(tx);
      return out;
    });
  }

  async resolveAliases(ids: readonly string[]): Promise<Map<string, string>> {
    const aliases = await loadAliases(this.driver, ids);
    const out = new Map<string, string>();
    for (const id of ids) {
      const canonical = canonicalId(id, aliases);
      if (canonical !== id) out.set(id, canonical);
    }
    return out;
  }

  getNode(id: string, options: { asOf?: string } = {}): Promise<GraphNode | null> {
    return readNode(this.driver, id, options.asOf);
  }

  getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return readNodes(this.driver, ids);
  }

  listIdsNear(id: string, limit: number): Promise<string[]> {
    return readIdsNear(this.driver, id, limit);
  }

  listNodes(query: NodeQuery): Promise<Page<GraphNode>> {
    return listNodeRows(this.driver, query);
  }

  listFields(datasetId: string, options: { asOf?: string } = {}): Promise<GraphNode[]> {
    return readFields(this.driver, datasetId, options.asOf);
  }

  listNamespaces(): Promise<NamespaceSummary[]> {
    return readNamespaces(this.driver);
  }

  search(query: SearchQuery): Promise<Page<GraphNode>> {
    return searchNodes(this.driver, query);
  }

  listSchemaChanges(query: SchemaChangeQuery): Promise<SchemaChanges> {
    return readSchemaChanges(this.driver, query);
  }

  listTaggedNodes(query: TaggedQuery): Promise<GraphNode[]> {
    return readTaggedNodes(this.driver, query);
  }

  listDatasetVersionChanges(from: string, to: string, page?: PageQuery): Promise<Page<DatasetVersion>> {
    return readDatasetVersionChanges(this.driver, from, to, page);
  }

  listDatasetVersions(datasetId: string, page?: PageQuery): Promise<Page<DatasetVersion>> {
    return readDatasetVersions(this.driver, datasetId, page);
  }

  getDatasetVersion(datasetId: string, version: string): Promise<DatasetVersion | null> {
    return readDatasetVersion(this.driver, datasetId, version);
  }

  getDatasetVersionAt(datasetId: string, asOf?: string): Promise<DatasetVersion | null> {
    return readDatasetVersionAt(this.driver, datasetId, asOf);
  }

  listJobVersions(jobId: string, page?: PageQuery): Promise<Page<JobVersion>> {
    return readJobVersions(this.driver, jobId, page);
  }

  getJobVersion(jobId: string, version: string): Promise<JobVersion | null> {
    return readJobVersion(this.driver, jobId, version);
  }

  getJobVersionAt(jobId: string, asOf?: string): Promise<JobVersion | null> {
    return readJobVersionAt(this.driver, jobId, asOf);
  }

  getRun(runId: string): Promise<Run | null> {
    return readRun(this.driver, runId);
  }

  listRuns(query: RunQuery): Promise<Page<Run>> {
    return readRuns(this.driver, query);
  }

  listAssertionResults(query: AssertionQuery): Promise<Page<AssertionResult>> {
    return readAssertionResults(this.driver, query);
  }

  listEdges(query: EdgeQuery): Promise<GraphEdge[]> {
    return readEdges(this.driver, query);
  }

  traverse(query: TraversalQuery): Promise<Subgraph> {
    return traverseGraph(this.driver, this.traversalResources, query);
  }

  traceUpstreamActivity(query: UpstreamActivityQuery): Promise<UpstreamActivity> {
    return traceUpstreamActivity(this.driver, this.traversalResources, query);
  }

  readVersionDetails(datasetIds: readonly string[], asOf: string): Promise<Map<string, VersionDetails>> {
    return readVersionDetails(this.driver, datasetIds, asOf);
  }

  readHealthFacts(query: HealthQuery): Promise<HealthFacts> {
    return readHealthFacts(this.driver, query);
  }

  walkTree(query: TreeQuery): Promise<WalkTree> {
    return walkTree(this.driver, this.traversalResources, query);
  }

  listEdgeChanges(from: string, to: string, page?: PageQuery): Promise<Page<GraphEdge>> {
    return readEdgeChanges(this.driver, from, to, page);
  }

  listNodeChanges(from: string, to: string, page?: PageQuery): Promise<Page<GraphNode>> {
    return readNodeChanges(this.driver, from, to, page);
  }

  listEvents(query: EventQuery): Promise<Page<StoredEvent>> {
    return readEvents(this.driver, query);
  }

  getEvent(seq: number): Promise<StoredEvent | null> {
    return readEvent(this.driver, seq);
  }

  verifyChain(): Promise<ChainReport> {
    return verifyEventChain(this.driver);
  }

  createToken(token: AccessToken, secretHash: string, actor: string | null): Promise<IngestResult> {
    return insertToken(this.driver, token, secretHash, actor);
  }

  findTokenByHash(secretHash: string): Promise<AccessToken | null> {
    return findToken(this.driver, secretHash);
  }

  listTokens(): Promise<AccessToken[]> {
    return listTokenRows(this.driver);
  }

  revokeToken(id: string, actor: string | null): Promise<AccessToken | null> {
    return markTokenRevoked(this.driver, id, actor);
  }

  applyRetention(cutoffs: RetentionCutoffs, actor: string | null): Promise<RetentionReport> {
    return pruneHistory(this.driver, this.predictions, cutoffs, actor);
  }

  importRecord(record: StoredEvent, mutation: Mutation): Promise<IngestResult> {
    return importEventRecord(this.driver, record, mutation);
  }

  /**
   * Loads the in-memory indexes now instead of on the first question (a server calls it once it
   * listens): the lineage index first, which every traversal needs, then the activity and incident
   * indexes root cause and node reads use. Answers how much each holds.
   */
  warmUp(): Promise<LoadedIndexes> {
    this.warming ??= (async () => {
      const { index, activity, incidents } = this.traversalResources;
      await index.refresh();
      await Promise.all([activity.refresh(), incidents.refresh()]);
      return { edges: index.size, ...activity.sizes, incidents: incidents.size };
    })();
    return this.warming;
  }

  /** Closes the connection(s); closing again does nothing. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writes.settle();
      // A load under way finishes first: the connection it reads through is about to close.
      await this.warming?.catch(() => undefined);
      await this.traversal?.index.settle();
      await this.traversal?.activity.settle();
      await this.traversal?.incidents.settle();
      await this.driver.close();
    })();
    return this.closing;
  }
}
