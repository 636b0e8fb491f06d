import { analyzeImpact } from '../analysis/impact.js';
import { findLeakage } from '../analysis/leakage.js';
import { piiStateOf } from '../analysis/pii.js';
import { findSchemaChanges } from '../analysis/schema-changes.js';
import { findShortestPaths } from '../analysis/shortest-paths.js';
import type { GraphNode } from '../model/graph.js';
import { readTrainingSetFacet } from '../model/ml-records.js';
import type { Mutation } from '../model/mutation.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';
import type { Alert, Rule } from './rules.js';

/** What one accepted ingest changed, as the post-ingest hook hands it over. */
export interface IngestedRecord {
  seq: number;
  mutation: Mutation;
}

const MODEL_KINDS = new Set(['model', 'modelVersion', 'deployment']);

function datasetOf(id: string): string {
  const ref = parseNodeId(id);
  return ref.kind === 'datasetField' ? `dataset:${ref.namespace}:${ref.name}` : id;
}

function namespaceOf(id: string): string | null {
  const ref = parseNodeId(id);
  return 'namespace' in ref ? ref.namespace : null;
}

function ownersOf(nodes: readonly (GraphNode | null)[]): string[] {
  return [...new Set(nodes.flatMap((node) => node?.owners.map((owner) => owner.name) ?? []))].sort();
}

/**
 * Evaluates one rule against what an ingest changed and returns what it found. Only the records
 * of the mutation are looked at (the failed run, the new version, the new dataset), and the
 * analysis functions answer the rest, so evaluation cost follows the ingest, not the graph.
 */
export async function evaluateRule(store: Store, rule: Rule, record: IngestedRecord): Promise<Alert[]> {
  switch (rule.kind) {
    case 'run_failed':
      return runFailed(store, rule.job, record);
    case 'assertion_failed_upstream':
      return assertionFailedUpstream(store, rule.node, record);
    case 'schema_change_impact':
      return schemaChangeImpact(store, rule.node, record);
    case 'lineage_gap':
      return lineageGaps(store, rule.namespace, record);
    case 'leakage':
      return leakageFindings(store, rule.namespace, record);
    case 'pii_reaches_model':
      return piiReachingModels(store, rule.namespace, record);
    case 'policy_violation':
      return [];
  }
}

async function runFailed(store: Store, job: string, record: IngestedRecord): Promise<Alert[]> {
  const failed = record.mutation.runs.filter((run) => run.jobId === job && run.eventType === 'FAIL');
  if (failed.length === 0) return [];
  const outputs = (await store.listEdges({ nodeId: job, direction: 'out', kinds: ['OUTPUT'] })).map((e) => e.target);
  // Impacted owners: of the job, of what it writes, and of everything downstream of that.
  const impact = await analyzeImpact(store, { node: job, maxNodes: 2_000 });
  const owners = [...new Set([...ownersOf(await store.getNodes([job, ...outputs])), ...impact.owners])].sort();
  return failed.map((run) => ({
    rule: 'run_failed',
    dedupKey: `run_failed|${run.runId}`,
    summary: `run ${run.runId} of ${job} failed${run.errorMessage ? `: ${run.errorMessage}` : ''}`,
    nodes: [job, ...outputs],
    owners,
    evidence: {
      runId: run.runId,
      job,
      at: run.eventTime,
      errorMessage: run.errorMessage ?? null,
      eventSeq: record.seq,
    },
  }));
}

async function assertionFailedUpstream(store: Store, node: string, record: IngestedRecord): Promise<Alert[]> {
  const failing = record.mutation.assertionResults.filter((result) => result.status === 'fail');
  if (failing.length === 0) return [];
  const walk = await store.traverse({
    start: [node],
    direction: 'upstream',
    level: 'dataset',
    depth: 50,
    maxNodes: 10_000,
  });
  const paths = findShortestPaths([node], walk.edges, 'upstream');
  const alerts: Alert[] = [];
  for (const result of failing) {
    const dataset = datasetOf(result.nodeId);
    const path = dataset === node || result.nodeId === node ? [node] : paths.pathTo(dataset);
    if (!path) continue;
    const onPath = [...path].reverse();
    alerts.push({
      rule: 'assertion_failed_upstream',
      dedupKey: `assertion|${result.nodeId}|${result.assertion}|${result.at}`,
      summary: `assertion ${result.assertion} failed on ${result.nodeId}, upstream of ${node}`,
      nodes: onPath,
      owners: ownersOf(await store.getNodes(onPath)),
      evidence: { ...result, path: onPath, eventSeq: record.seq },
    });
  }
  return alerts;
}

async function schemaChangeImpact(store: Store, node: string | undefined, record: IngestedRecord): Promise<Alert[]> {
  const versions = record.mutation.datasetVersions;
  if (versions.length === 0) return [];
  const times = versions.map((version) => version.createdAt).sort();
  const since = new Date(Date.parse(times[0] ?? '') - 1).toISOString();
  const datasets = [...new Set(versions.map((version) => version.datasetId))];
  const { changes } = await findSchemaChanges(store, {
    since,
    until: times.at(-1) ?? since,
    datasets,
    impactedLimit: 200,
  });
  const alerts: Alert[] = [];
  for (const finding of changes) {
    const hits = finding.impacted.filter((affected) => (node ? affected.id === node : MODEL_KINDS.has(affected.kind)));
    if (hits.length === 0) continue;
    alerts.push({
      rule: 'schema_change_impact',
      dedupKey: `schema|${finding.dataset}|${finding.version}|${finding.column}|${finding.change}`,
      summary: `${finding.change} of ${finding.column} in ${finding.dataset} reaches ${hits.map((hit) => hit.id).join(', ')}`,
      nodes: [finding.dataset, ...hits.map((hit) => hit.id)],
      owners: finding.owners,
      evidence: { ...finding, impacted: hits, eventSeq: record.seq },
    });
  }
  return alerts;
}

const NOT_A_GAP = new Set(['source', 'featureView', 'trainingSet', 'predictionLog', 'exposure']);

async function lineageGaps(store: Store, namespace: string | undefined, record: IngestedRecord): Promise<Alert[]> {
  const ids = record.mutation.nodes
    .filter((upsert) => upsert.kind === 'dataset' && (!namespace || upsert.namespace === namespace))
    .map((upsert) => upsert.id);
  const alerts: Alert[] = [];
  for (const dataset of await store.getNodes([...new Set(ids)])) {
    if ((dataset.subtype && NOT_A_GAP.has(dataset.subtype)) || dataset.attributes.declaredSource === true) continue;
    const edges = await store.listEdges({ nodeId: dataset.id, direction: 'both', kinds: ['INPUT', 'OUTPUT'] });
    const writers = edges.filter((edge) => edge.kind === 'OUTPUT' && edge.target === dataset.id).map((e) => e.source);
    const readers = edges.filter((edge) => edge.kind === 'INPUT' && edge.source === dataset.id).map((e) => e.target);
    let detail: string | null = null;
    if (writers.length === 0 && readers.length > 0) detail = 'read by a job, written by none, not declared as a source';
    else if (writers.length > 0) {
      const inputs = await Promise.all(
        writers.map((job) => store.listEdges({ nodeId: job, direction: 'in', kinds: ['INPUT'] })),
      );
      if (inputs.every((list) => list.length === 0)) detail = 'written only by jobs that read nothing';
    }
    if (!detail) continue;
    alerts.push({
      rule: 'lineage_gap',
      dedupKey: `lineage_gap|${dataset.id}`,
      summary: `${dataset.id} has no traceable source: ${detail}`,
      nodes: [dataset.id, ...writers, ...readers],
      owners: ownersOf(await store.getNodes([dataset.id, ...readers])),
      evidence: { dataset: dataset.id, detail, writers, readers, eventSeq: record.seq },
    });
  }
  return alerts;
}

async function leakageFindings(store: Store, namespace: string | undefined, record: IngestedRecord): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const version of record.mutation.datasetVersions) {
    if (!readTrainingSetFacet(version.facets)) continue;
    if (namespace && namespaceOf(version.datasetId) !== namespace) continue;
    const report = await findLeakage(store, version.datasetId, version.version);
    if (report.findings.length === 0) continue;
    const trainedOn = await store.listEdges({ nodeId: version.datasetId, direction: 'out', kinds: ['TRAINED_ON'] });
    const models = trainedOn.map((edge) => edge.target);
    alerts.push({
      rule: 'leakage',
      dedupKey: `leakage|${version.datasetId}|${version.version}`,
      summary: `training set ${version.datasetId} version ${version.version}: ${report.findings
        .map((finding) => `${finding.feature} shares sources with the label`)
        .join('; ')}`,
      nodes: [version.datasetId, ...models],
      owners: ownersOf(await store.getNodes([version.datasetId, ...models])),
      evidence: { ...report, eventSeq: record.seq },
    });
  }
  return alerts;
}

async function piiReachingModels(
  store: Store,
  namespace: string | undefined,
  record: IngestedRecord,
): Promise<Alert[]> {
  const versions = new Set(
    record.mutation.edgeSets.flatMap((set) =>
      set.edges.filter((edge) => edge.kind === 'TRAINED_ON').map((edge) => edge.target),
    ),
  );
  const alerts: Alert[] = [];
  for (const node of await store.getNodes([...versions])) {
    if (namespace && node.namespace !== namespace) continue;
    const pii = await piiStateOf(store, node);
    if (pii.pii !== 'derived') continue;
    alerts.push({
      rule: 'pii_reaches_model',
      dedupKey: `pii|${node.id}|${pii.origins.join(',')}`,
      summary: `${node.id} is trained on derived PII from ${pii.origins.join(', ')}`,
      nodes: [node.id, ...pii.origins],
      owners: ownersOf([node, ...(await store.getNodes(pii.origins))]),
      evidence: { modelVersion: node.id, origins: pii.origins, eventSeq: record.seq },
    });
  }
  return alerts;
}
