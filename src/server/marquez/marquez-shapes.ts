import type { DatasetVersion, GraphNode, JobVersion, Run, SchemaField } from '../../model/graph.js';
import { parseNodeId } from '../../model/node-id.js';
import type { NamespaceSummary, Store } from '../../store/store.js';

/**
 * Rootline's graph rendered in the JSON shapes of Marquez's OpenAPI (`Namespace`, `Dataset`,
 * `DatasetVersion`, `Job`, `JobVersion`, `Run`), so scripts and UIs written for Marquez keep working.
 */

export interface MarquezId {
  namespace: string;
  name: string;
}

export interface MarquezField {
  name: string;
  type: string | null;
  tags: string[];
  description: string | null;
  fields?: MarquezField[];
}

/** `{ namespace, name }` of a dataset or job id; the raw id as name when it does not parse. */
export function marquezId(id: string): MarquezId {
  const ref = parseNodeId(id);
  if (ref.kind === 'run') return { namespace: '', name: ref.runId };
  return { namespace: ref.namespace, name: ref.name };
}

export function toMarquezNamespace(summary: NamespaceSummary) {
  return {
    name: summary.name,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
    ownerName: 'anonymous',
    description: null,
    isHidden: false,
  };
}

export function toMarquezFields(fields: readonly SchemaField[], tagsByField?: Map<string, string[]>): MarquezField[] {
  return fields.map((field) => {
    const out: MarquezField = {
      name: field.name,
      type: field.type ?? null,
      tags: tagsByField?.get(field.name) ?? [],
      description: field.description ?? null,
    };
    if (field.fields && field.fields.length > 0) out.fields = toMarquezFields(field.fields);
    return out;
  });
}

function datasetType(node: GraphNode): string {
  return node.subtype === 'topic' ? 'STREAM' : 'DB_TABLE';
}

function sourceName(node: GraphNode): string {
  const dataSource = node.facets.dataSource;
  if (dataSource !== null && typeof dataSource === 'object' && 'name' in dataSource) {
    const name = dataSource.name;
    if (typeof name === 'string' && name.length > 0) return name;
  }
  return node.namespace;
}

/** A dataset as Marquez's `Dataset`, with the schema of its version at `asOf` (latest when omitted). */
export async function toMarquezDataset(
  store: Store,
  node: GraphNode,
  options: { asOf?: string; withFieldTags?: boolean } = {},
) {
  const version = await store.getDatasetVersionAt(node.id, options.asOf);
  let tagsByField: Map<string, string[]> | undefined;
  if (options.withFieldTags) {
    const fieldNodes = await store.listFields(node.id, options.asOf ? { asOf: options.asOf } : {});
    tagsByField = new Map(fieldNodes.map((field) => [String(field.attributes.field ?? ''), field.tags]));
  }
  return {
    id: { namespace: node.namespace, name: node.name },
    type: datasetType(node),
    name: node.name,
    physicalName: node.name,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    namespace: node.namespace,
    sourceName: sourceName(node),
    fields: toMarquezFields(version?.fields ?? [], tagsByField),
    tags: node.tags,
    lastModifiedAt: version?.runId ? version.createdAt : null,
    lastLifecycleState: version?.lifecycleState ?? null,
    description: node.description,
    facets: node.facets,
    currentVersion: version?.version ?? null,
    deleted: node.deletedAt !== null,
  };
}

/** A dataset version as Marquez's `DatasetVersion`, with the run that wrote it. */
export async function toMarquezDatasetVersion(store: Store, node: GraphNode, version: DatasetVersion) {
  const run = version.runId ? await store.getRun(version.runId) : null;
  return {
    id: { namespace: node.namespace, name: node.name, version: version.version },
    type: datasetType(node),
    name: node.name,
    physicalName: node.name,
    createdAt: version.createdAt,
    version: version.version,
    namespace: node.namespace,
    sourceName: sourceName(node),
    fields: toMarquezFields(version.fields),
    tags: node.tags,
    lifecycleState: version.lifecycleState,
    description: node.description,
    createdByRun: run ? toMarquezRun(run) : null,
    facets: version.facets,
  };
}

function jobType(node: GraphNode): string {
  const facet = node.facets.jobType;
  if (facet !== null && typeof facet === 'object' && 'processingType' in facet) {
    if (facet.processingType === 'STREAMING') return 'STREAM';
  }
  return 'BATCH';
}

function location(facets: Record<string, unknown>): string | null {
  const facet = facets.sourceCodeLocation;
  if (facet !== null && typeof facet === 'object' && 'url' in facet && typeof facet.url === 'string') return facet.url;
  return null;
}

function parentJobName(run: Run | undefined): string | null {
  const parent = run?.facets.parent;
  if (parent !== null && typeof parent === 'object' && 'job' in parent) {
    const job = parent.job;
    if (job !== null && typeof job === 'object' && 'name' in job && typeof job.name === 'string') return job.name;
  }
  return null;
}

/** A job as Marquez's `Job`: inputs and outputs of its version at `asOf`, latest runs. */
export async function toMarquezJob(store: Store, node: GraphNode, options: { asOf?: string; runs?: number } = {}) {
  const version = await store.getJobVersionAt(node.id, options.asOf);
  const runs = await store.listRuns({ jobId: node.id, limit: options.runs ?? 10 });
  const latest = runs.items[0];
  return {
    id: { namespace: node.namespace, name: node.name },
    type: jobType(node),
    name: node.name,
    simpleName: node.name.split('.').at(-1) ?? node.name,
    parentJobName: parentJobName(latest),
    parentJobUuid: null,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    namespace: node.namespace,
    inputs: (version?.inputs ?? []).map(marquezId),
    outputs: (version?.outputs ?? []).map(marquezId),
    location: location(node.facets),
    context: {},
    description: node.description,
    latestRun: latest ? toMarquezRun(latest) : null,
    latestRuns: runs.items.map(toMarquezRun),
    facets: node.facets,
    currentVersion: version?.version ?? null,
    labels: [],
    tags: node.tags,
  };
}

/** A job version as Marquez's `JobVersion`. */
export async function toMarquezJobVersion(store: Store, node: GraphNode, version: JobVersion) {
  const runs = await store.listRuns({ jobId: node.id, limit: 50 });
  const latest = runs.items.find((run) => run.jobVersion === version.version);
  return {
    id: { namespace: node.namespace, name: node.name, version: version.version },
    name: node.name,
    version: version.version,
    createdAt: version.createdAt,
    namespace: node.namespace,
    inputs: version.inputs.map(marquezId),
    outputs: version.outputs.map(marquezId),
    location: location(version.facets),
    context: version.sql ? { sql: version.sql } : {},
    latestRun: latest ? toMarquezRun(latest) : null,
    facets: version.facets,
  };
}

function datasetVersionRef(ref: { datasetId: string; version: string }) {
  return { datasetVersionId: { ...marquezId(ref.datasetId), version: ref.version }, facets: {} };
}

/** A run as Marquez's `Run`. */
export function toMarquezRun(run: Run) {
  const job = marquezId(run.jobId);
  const durationMs =
    run.startedAt && run.endedAt ? Math.max(0, Date.parse(run.endedAt) - Date.parse(run.startedAt)) : null;
  return {
    id: run.runId,
    createdAt: run.createdAt,
    updatedAt: run.endedAt ?? run.startedAt ?? run.createdAt,
    nominalStartTime: run.nominalStartTime,
    nominalEndTime: run.nominalEndTime,
    state: run.state,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    durationMs,
    args: {},
    jobVersion: run.jobVersion ? { ...job, version: run.jobVersion } : null,
    inputDatasetVersions: run.inputVersions.map(datasetVersionRef),
    outputDatasetVersions: run.outputVersions.map(datasetVersionRef),
    context: {},
    facets: run.facets,
  };
}
