import { ForbiddenError, NotFoundError } from '../../model/errors.js';
import type { AssertionResult, DatasetVersion, GraphEdge, GraphNode, JobVersion, Run } from '../../model/graph.js';
import type { Mutation } from '../../model/mutation.js';
import type { ActiveStore } from '../../store/active-store.js';
import type { Prediction, PredictionLog, PredictionQuery } from '../../store/prediction-log.js';
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
} from '../../store/store.js';
import { type Access, requireRole, seesId, seesNamespace } from './access.js';
import { filterPages } from './filter-pages.js';
import { maskPiiValues } from './mask-pii.js';
import { mutationIds } from './mutation-ids.js';
import { ScopedActiveStore } from './scoped-active-store.js';
import { visibleActivity } from './visible-activity.js';
import { visibleTree } from './visible-tree.js';

/**
 * A {@link Store} seen through the current request's {@link Access}: the one place where roles,
 * namespace scopes and PII masking are enforced, so routes, analysis code and the MCP tools
 * cannot forget them. Reads drop what lies outside the token's namespaces (nodes, edges with an
 * end outside, runs of hidden jobs, namespaces, search hits and their counts); writes need the
 * editor role and may only touch the token's namespaces; tokens and retention need admin;
 * prediction features, assertion samples and raw payloads go through {@link maskPiiValues}.
 */
export class ScopedStore implements Store {
  readonly predictions: PredictionLog;
  readonly active: ActiveStore;

  constructor(
    private readonly inner: Store,
    private readonly access: () => Access,
  ) {
    this.predictions = new ScopedPredictionLog(inner, access);
    this.active = new ScopedActiveStore(inner.active, access);
  }

  get engine(): 'sqlite' | 'postgres' {
    return this.inner.engine;
  }

  private reader(): Access {
    const access = this.access();
    requireRole(access, 'viewer');
    return access;
  }

  private writer(event: EventInput, mutation: Mutation): EventInput {
    const access = this.access();
    requireRole(access, 'editor');
    if (access.namespaces !== null) {
      const outside = mutationIds(mutation).find((id) => !seesId(access, id));
      if (outside !== undefined) {
        throw new ForbiddenError(`token ${access.actor} may not write ${outside}: outside its namespaces`);
      }
    }
    return access.actor === null ? event : { ...event, actor: access.actor };
  }

  private unscopedOnly(what: string): Access {
    const access = this.reader();
    if (access.namespaces !== null) {
      throw new ForbiddenError(`${what} spans every namespace; a namespace-scoped token cannot read it`);
    }
    return access;
  }

  ingest(event: EventInput, mutation: Mutation): Promise<IngestResult> {
    return this.inner.ingest(this.writer(event, mutation), mutation);
  }

  async ingestBatch(items: readonly BatchItem[]): Promise<BatchIngestResult[]> {
    requireRole(this.access(), 'editor');
    const checked: (BatchItem | Error)[] = items.map((item) => {
      try {
        return { event: this.writer(item.event, item.mutation), mutation: item.mutation };
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    const allowed = checked.filter((item): item is BatchItem => !(item instanceof Error));
    const stored = allowed.length > 0 ? await this.inner.ingestBatch(allowed) : [];
    let next = 0;
    return checked.map((item) =>
      item instanceof Error ? { status: 'failed', error: item } : (stored[next++] as BatchIngestResult),
    );
  }

  async resolveAliases(ids: readonly string[]): Promise<Map<string, string>> {
    const access = this.reader();
    const found = await this.inner.resolveAliases(ids.filter((id) => seesId(access, id)));
    return new Map([...found].filter(([, canonical]) => seesId(access, canonical)));
  }

  async getNode(id: string, options?: { asOf?: string }): Promise<GraphNode | null> {
    const access = this.reader();
    const node = await this.inner.getNode(id, options);
    return node && seesNamespace(access, node.namespace) ? node : null;
  }

  async getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    const access = this.reader();
    return (await this.inner.getNodes(ids)).filter((node) => seesNamespace(access, node.namespace));
  }

  async listIdsNear(id: string, limit: number): Promise<string[]> {
    const access = this.reader();
    return (await this.inner.listIdsNear(id, limit)).filter((near) => seesId(access, near));
  }

  listNodes(query: NodeQuery): Promise<Page<GraphNode>> {
    return this.inner.listNodes(this.narrow(query));
  }

  async listFields(datasetId: string, options?: { asOf?: string }): Promise<GraphNode[]> {
    return seesId(this.reader(), datasetId) ? this.inner.listFields(datasetId, options) : [];
  }

  async listNamespaces(): Promise<NamespaceSummary[]> {
    const access = this.reader();
    return (await this.inner.listNamespaces()).filter((summary) => seesNamespace(access, summary.name));
  }

  search(query: SearchQuery): Promise<Page<GraphNode>> {
    return this.inner.search(this.narrow(query));
  }

  listSchemaChanges(query: SchemaChangeQuery): Promise<SchemaChanges> {
    return this.inner.listSchemaChanges(this.narrow(query));
  }

  listTaggedNodes(query: TaggedQuery): Promise<GraphNode[]> {
    return this.inner.listTaggedNodes(this.narrow(query));
  }

  /** Adds the token's namespaces to a node query, so pages and totals are counted in SQL. */
  private narrow<Q extends { namespaces?: readonly string[] }>(query: Q): Q {
    const access = this.reader();
    if (access.namespaces === null) return query;
    const allowed = [...access.namespaces].filter(
      (ns) => query.namespaces === undefined || query.namespaces.includes(ns),
    );
    return { ...query, namespaces: allowed };
  }

  async listDatasetVersions(datasetId: string, page?: PageQuery): Promise<Page<DatasetVersion>> {
    return seesId(this.reader(), datasetId) ? this.inner.listDatasetVersions(datasetId, page) : { items: [], total: 0 };
  }

  async getDatasetVersion(datasetId: string, version: string): Promise<DatasetVersion | null> {
    return seesId(this.reader(), datasetId) ? this.inner.getDatasetVersion(datasetId, version) : null;
  }

  listDatasetVersionChanges(from: string, to: string, page?: PageQuery): Promise<Page<DatasetVersion>> {
    const access = this.reader();
    return filterPages(
      access,
      (p) => this.inner.listDatasetVersionChanges(from, to, p),
      (v) => seesId(access, v.datasetId),
      page,
    );
  }

  async getDatasetVersionAt(datasetId: string, asOf?: string): Promise<DatasetVersion | null> {
    return seesId(this.reader(), datasetId) ? this.inner.getDatasetVersionAt(datasetId, asOf) : null;
  }

  async listJobVersions(jobId: string, page?: PageQuery): Promise<Page<JobVersion>> {
    return seesId(this.reader(), jobId) ? this.inner.listJobVersions(jobId, page) : { items: [], total: 0 };
  }

  async getJobVersion(jobId: string, version: string): Promise<JobVersion | null> {
    return seesId(this.reader(), jobId) ? this.inner.getJobVersion(jobId, version) : null;
  }

  async getJobVersionAt(jobId: string, asOf?: string): Promise<JobVersion | null> {
    return seesId(this.reader(), jobId) ? this.inner.getJobVersionAt(jobId, asOf) : null;
  }

  async getRun(runId: string): Promise<Run | null> {
    const access = this.reader();
    const run = await this.inner.getRun(runId);
    return run && seesId(access, run.jobId) ? run : null;
  }

  async listRuns(query: RunQuery): Promise<Page<Run>> {
    const access = this.reader();
    if (query.jobId !== undefined)
      return seesId(access, query.jobId) ? this.inner.listRuns(query) : { items: [], total: 0 };
    return filterPages(
      access,
      (p) => this.inner.listRuns({ ...query, ...p }),
      (run) => seesId(access, run.jobId),
      query,
    );
  }

  async listAssertionResults(query: AssertionQuery): Promise<Page<AssertionResult>> {
    const access = this.reader();
    const page =
      query.nodeId !== undefined
        ? seesId(access, query.nodeId)
          ? await this.inner.listAssertionResults(query)
          : { items: [], total: 0 }
        : await filterPages(
            access,
            (p) => this.inner.listAssertionResults({ ...query, ...p }),
            (a) => seesId(access, a.nodeId),
            query,
          );
    const masked = await maskPiiValues(this.inner, access, { kind: 'assertions', items: page.items });
    return { items: masked.items, total: page.total };
  }

  async traceUpstreamActivity(query: UpstreamActivityQuery): Promise<UpstreamActivity> {
    const access = this.reader();
    const activity = await this.inner.traceUpstreamActivity(query);
    if (!seesId(access, activity.node)) throw new NotFoundError(`no node '${query.node}'`);
    const masked = await maskPiiValues(this.inner, access, { kind: 'assertions', items: activity.failedAssertions });
    const unmasked = { ...activity, failedAssertions: masked.items };
    return access.namespaces === null ? unmasked : visibleActivity(unmasked, (id) => seesId(access, id));
  }

  readVersionDetails(datasetIds: readonly string[], asOf: string): Promise<Map<string, VersionDetails>> {
    const access = this.reader();
    return this.inner.readVersionDetails(
      datasetIds.filter((id) => seesId(access, id)),
      asOf,
    );
  }

  /** Checked and counted in SQL over the token's namespaces (both ends of an output). */
  readHealthFacts(query: HealthQuery): Promise<HealthFacts> {
    return this.inner.readHealthFacts(this.narrow(query));
  }

  async listEdges(query: EdgeQuery): Promise<GraphEdge[]> {
    const access = this.reader();
    if (!seesId(access, query.nodeId)) return [];
    return (await this.inner.listEdges(query)).filter((edge) => edgeVisible(access, edge));
  }

  async traverse(query: TraversalQuery): Promise<Subgraph> {
    const access = this.reader();
    const start = query.start.filter((id) => seesId(access, id));
    if (start.length === 0) return { nodes: [], edges: [], partial: false };
    const walk = await this.inner.traverse({ ...query, start });
    if (access.namespaces === null) return walk;
    return {
      nodes: walk.nodes.filter((entry) => seesNamespace(access, entry.node.namespace)),
      edges: walk.edges.filter((edge) => edgeVisible(access, edge)),
      partial: walk.partial,
    };
  }

  async walkTree(query: TreeQuery): Promise<WalkTree> {
    const access = this.reader();
    const start = query.start.filter((id) => seesId(access, id));
    if (start.length === 0) return { nodes: [], edges: [], parents: new Map(), partial: false };
    const tree = await this.inner.walkTree({ ...query, start });
    if (access.namespaces === null) return tree;
    return visibleTree(tree, (node) => seesNamespace(access, node.namespace));
  }

  listEdgeChanges(from: string, to: string, page?: PageQuery): Promise<Page<GraphEdge>> {
    const access = this.reader();
    return filterPages(
      access,
      (p) => this.inner.listEdgeChanges(from, to, p),
      (edge) => edgeVisible(access, edge),
      page,
    );
  }

  listNodeChanges(from: string, to: string, page?: PageQuery): Promise<Page<GraphNode>> {
    const access = this.reader();
    return filterPages(
      access,
      (p) => this.inner.listNodeChanges(from, to, p),
      (node) => seesNamespace(access, node.namespace),
      page,
    );
  }

  async listEvents(query: EventQuery): Promise<Page<StoredEvent>> {
    const access = this.unscopedOnly('the event log');
    const page = await this.inner.listEvents(query);
    const masked = await maskPiiValues(this.inner, access, { kind: 'events', items: page.items });
    return { items: masked.items, total: page.total };
  }

  async getEvent(seq: number): Promise<StoredEvent | null> {
    const access = this.unscopedOnly('the event log');
    const event = await this.inner.getEvent(seq);
    if (!event) return null;
    return (await maskPiiValues(this.inner, access, { kind: 'events', items: [event] })).items[0] ?? null;
  }

  verifyChain(): Promise<ChainReport> {
    this.unscopedOnly('the event log');
    return this.inner.verifyChain();
  }

  createToken(token: AccessToken, secretHash: string, actor: string | null): Promise<IngestResult> {
    const access = this.access();
    requireRole(access, 'admin');
    return this.inner.createToken(token, secretHash, access.actor ?? actor);
  }

  findTokenByHash(secretHash: string): Promise<AccessToken | null> {
    requireRole(this.access(), 'admin');
    return this.inner.findTokenByHash(secretHash);
  }

  listTokens(): Promise<AccessToken[]> {
    requireRole(this.access(), 'admin');
    return this.inner.listTokens();
  }

  revokeToken(id: string, actor: string | null): Promise<AccessToken | null> {
    const access = this.access();
    requireRole(access, 'admin');
    return this.inner.revokeToken(id, access.actor ?? actor);
  }

  applyRetention(cutoffs: RetentionCutoffs, actor: string | null): Promise<RetentionReport> {
    const access = this.access();
    requireRole(access, 'admin');
    return this.inner.applyRetention(cutoffs, access.actor ?? actor);
  }

  importRecord(record: StoredEvent, mutation: Mutation): Promise<IngestResult> {
    requireRole(this.access(), 'admin');
    return this.inner.importRecord(record, mutation);
  }

  /** The server owns the underlying store and closes it; a request's view never does. */
  async close(): Promise<void> {}
}

function edgeVisible(access: Access, edge: GraphEdge): boolean {
  return seesId(access, edge.source) && seesId(access, edge.target);
}

/** The prediction log seen through the current access: scoped by deployment, PII-masked. */
class ScopedPredictionLog implements PredictionLog {
  constructor(
    private readonly inner: Store,
    private readonly access: () => Access,
  ) {}

  append(records: readonly Prediction[]): ReturnType<PredictionLog['append']> {
    const access = this.access();
    requireRole(access, 'editor');
    const outside = records.find((record) => !seesId(access, record.deployment));
    if (outside) throw new ForbiddenError(`token ${access.actor} may not log predictions of ${outside.deployment}`);
    return this.inner.predictions.append(records);
  }

  async get(id: string): Promise<Prediction | null> {
    const access = this.access();
    requireRole(access, 'viewer');
    const prediction = await this.inner.predictions.get(id);
    if (!prediction || !seesId(access, prediction.deployment)) return null;
    return (await maskPiiValues(this.inner, access, { kind: 'predictions', items: [prediction] })).items[0] ?? null;
  }

  async list(query: PredictionQuery): Promise<Page<Prediction>> {
    const access = this.access();
    requireRole(access, 'viewer');
    const page =
      query.deployment !== undefined
        ? seesId(access, query.deployment)
          ? await this.inner.predictions.list(query)
          : { items: [], total: 0 }
        : await filterPages(
            access,
            (p) => this.inner.predictions.list({ ...query, ...p }),
            (p) => seesId(access, p.deployment),
            query,
          );
    const masked = await maskPiiValues(this.inner, access, { kind: 'predictions', items: page.items });
    return { items: masked.items, total: page.total };
  }

  prune(before: string): Promise<number> {
    requireRole(this.access(), 'admin');
    return this.inner.predictions.prune(before);
  }
}
