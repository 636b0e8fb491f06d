import { canonicalJson } from '../../model/canonical-json.js';
import { type DatasetVersionRef, type Diagnostic, type EdgeInput, edgeKey } from '../../model/graph.js';
import {
  type DatasetAlias,
  type DatasetVersionInput,
  type EdgeSet,
  emptyMutation,
  type Mutation,
} from '../../model/mutation.js';
import { buildDerivesEdges, type OutputLineage } from './column-lineage.js';
import type { DatasetRef, DatasetResolver } from './dataset-identity.js';
import { addDatasetNodes, assertionResults, fieldNode } from './dataset-nodes.js';
import { addJobNode, buildRunUpsert } from './job-run.js';
import { NodeCollector } from './node-collector.js';
import type { ParsedDataset, ParsedEvent } from './parse-event.js';
import { toSchemaFields } from './schema-fields.js';
import { deterministicUuid } from './version-id.js';

export interface MutationContext {
  /** Maps every dataset the event names to its canonical identity. */
  resolve: DatasetResolver;
  /** Aliases the event declares (symlinks), already resolved. */
  aliases: DatasetAlias[];
  /** Column lineage of the event's outputs, from the columnLineage facet and any other origin. */
  columnLineage: OutputLineage[];
  /** Problems to record on the job version, e.g. from analyzing the job's SQL. */
  diagnostics?: Diagnostic[];
}

interface Resolved {
  dataset: ParsedDataset;
  ref: DatasetRef;
}

/**
 * Turns a validated event into the graph changes it implies. Pure: everything it needs from the
 * store (recorded aliases) arrives through `context`.
 *
 * Edge sets: a job's INPUT/OUTPUT edges are scoped to the job, DERIVES edges to job and output
 * dataset. A COMPLETE run event (or a JobEvent) states the job's full shape, so its set replaces
 * the previous one and closes edges the job no longer has; other run events only add edges, since
 * START and RUNNING often carry part of the datasets. An event without any dataset states nothing.
 */
export function buildMutation(event: ParsedEvent, context: MutationContext): Mutation {
  const mutation = emptyMutation();
  const nodes = new NodeCollector();
  const at = event.eventTime;
  mutation.aliases = context.aliases;
  const resolveDataset = (dataset: ParsedDataset): Resolved => ({
    dataset,
    ref: context.resolve(dataset.namespace, dataset.name),
  });

  if (event.kind === 'dataset') {
    const { dataset, ref } = resolveDataset(event.dataset);
    addDatasetNodes(dataset, ref, at, nodes);
    mutation.assertionResults.push(...assertionResults(dataset, ref, at, null, nodes));
    const observed = observedVersion(dataset, ref, at);
    if (observed) mutation.datasetVersions.push(observed);
    mutation.nodes = nodes.values();
    return mutation;
  }

  const runId = event.kind === 'run' ? event.runId : null;
  const job = addJobNode(event.job, at, nodes, event.kind === 'run' ? event.runStandard.parent : undefined);
  const inputs = event.inputs.map(resolveDataset);
  const outputs = event.outputs.map(resolveDataset);
  for (const { dataset, ref } of [...inputs, ...outputs]) {
    addDatasetNodes(dataset, ref, at, nodes);
    mutation.assertionResults.push(...assertionResults(dataset, ref, at, runId, nodes));
  }

  const { versions, inputVersions, outputVersions } = datasetVersions(event, inputs, outputs);
  mutation.datasetVersions = versions;

  const definitive = event.kind === 'job' || event.eventType === 'COMPLETE';
  const mode: EdgeSet['mode'] = definitive ? 'replace' : 'merge';
  if (inputs.length + outputs.length > 0) {
    const edges = uniqueEdges([
      ...inputs.map(({ ref }) => datasetEdge('INPUT', ref.id, job)),
      ...outputs.map(({ ref }) => datasetEdge('OUTPUT', job, ref.id)),
    ]);
    mutation.edgeSets.push({ scope: job, at, mode, runId, edges });
  }
  mutation.edgeSets.push(...derivesEdgeSets(context, job, at, mode, runId, nodes));

  const sql = event.job.standard.sql?.query ?? null;
  if (definitive && (inputs.length + outputs.length > 0 || sql !== null)) {
    mutation.jobVersions.push({
      jobId: job,
      createdAt: at,
      inputs: sortedUnique(inputs.map(({ ref }) => ref.id)),
      outputs: sortedUnique(outputs.map(({ ref }) => ref.id)),
      sql,
      facets: event.job.facets,
      diagnostics: context.diagnostics ?? [],
    });
  }
  if (event.kind === 'run') mutation.runs.push(buildRunUpsert(event, job, inputVersions, outputVersions));
  mutation.nodes = nodes.values();
  return mutation;
}

/**
 * The dataset versions an event records and the run's bindings to them: a completed run writes
 * each output; inputs bind to the version their producer named; schemas seen otherwise are
 * observed. Keyed by dataset and version, so a table read and written in one run keeps both.
 */
function datasetVersions(
  event: Extract<ParsedEvent, { kind: 'run' | 'job' }>,
  inputs: readonly Resolved[],
  outputs: readonly Resolved[],
): { versions: DatasetVersionInput[]; inputVersions: DatasetVersionRef[]; outputVersions: DatasetVersionRef[] } {
  const versions = new Map<string, DatasetVersionInput>();
  const add = (version: DatasetVersionInput | null): void => {
    if (version) versions.set(`${version.datasetId}|${version.version}`, version);
  };
  const inputVersions: DatasetVersionRef[] = [];
  for (const { dataset, ref } of inputs) {
    add(observedVersion(dataset, ref, event.eventTime, 'first-seen'));
    const version = dataset.standard.version?.datasetVersion;
    if (version !== undefined) inputVersions.push({ datasetId: ref.id, version });
  }
  const outputVersions: DatasetVersionRef[] = [];
  for (const { dataset, ref } of outputs) {
    if (event.kind === 'run' && event.eventType === 'COMPLETE') {
      const written = writtenVersion(dataset, ref, event.eventTime, event.runId);
      add(written);
      outputVersions.push({ datasetId: ref.id, version: written.version });
    } else if (event.kind === 'job') {
      add(observedVersion(dataset, ref, event.eventTime));
    }
  }
  return { versions: [...versions.values()], inputVersions, outputVersions };
}

/** One DERIVES edge set per output dataset, merging the lineage of every origin for it. */
function derivesEdgeSets(
  context: MutationContext,
  job: string,
  at: string,
  mode: EdgeSet['mode'],
  runId: string | null,
  nodes: NodeCollector,
): EdgeSet[] {
  const byOutput = new Map<string, EdgeInput[]>();
  for (const lineage of context.columnLineage) {
    const output = context.resolve(lineage.namespace, lineage.name);
    if (!nodes.has(output.id))
      nodes.add({ id: output.id, kind: 'dataset', namespace: output.namespace, name: output.name, at });
    for (const field of lineage.fields) {
      if (field.outputField !== null) nodes.add(fieldNode(output, field.outputField, at));
      for (const input of field.inputs) {
        const source = context.resolve(input.namespace, input.name);
        if (!nodes.has(source.id))
          nodes.add({ id: source.id, kind: 'dataset', namespace: source.namespace, name: source.name, at });
        nodes.add(fieldNode(source, input.field, at));
      }
    }
    byOutput.set(output.id, [...(byOutput.get(output.id) ?? []), ...buildDerivesEdges(lineage, context.resolve, job)]);
  }
  return [...byOutput].map(([outputId, edges]) => ({
    scope: `${job}|${outputId}`,
    at,
    mode,
    runId,
    edges: uniqueEdges(edges),
  }));
}

function datasetEdge(kind: 'INPUT' | 'OUTPUT', source: string, target: string): EdgeInput {
  return { kind, source, target, origin: 'facet', via: null, transformations: [], attributes: {} };
}

function uniqueEdges(edges: readonly EdgeInput[]): EdgeInput[] {
  return [...new Map(edges.map((edge) => [edgeKey(edge), edge])).values()];
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/** The version a completed run wrote: the producer's own version id, or one derived from run and dataset. */
function writtenVersion(dataset: ParsedDataset, ref: DatasetRef, at: string, runId: string): DatasetVersionInput {
  const schema = dataset.standard.schema?.fields;
  return {
    datasetId: ref.id,
    reason: 'write',
    version: dataset.standard.version?.datasetVersion ?? deterministicUuid('write', runId, ref.id),
    createdAt: at,
    runId,
    fields: schema ? toSchemaFields(schema) : null,
    facets: { ...dataset.facets, ...dataset.outputFacets },
    lifecycleState: dataset.standard.lifecycleStateChange?.lifecycleStateChange ?? null,
  };
}

/**
 * A schema seen without a write; the store keeps it only if it differs from the latest (`observe`),
 * or, for a reader's view of an input, only if the dataset has no version yet (`first-seen`). A version
 * the producer names (Delta, Iceberg) is recorded once under its own id whatever its schema, so
 * the run's binding to the input version it read always resolves; no run is claimed as its writer.
 */
function observedVersion(
  dataset: ParsedDataset,
  ref: DatasetRef,
  at: string,
  reason: 'observe' | 'first-seen' = 'observe',
): DatasetVersionInput | null {
  const schema = dataset.standard.schema?.fields;
  const producerVersion = dataset.standard.version?.datasetVersion;
  if (schema === undefined && producerVersion === undefined) return null;
  const fields = schema ? toSchemaFields(schema) : null;
  return {
    datasetId: ref.id,
    reason: producerVersion === undefined ? reason : 'write',
    version: producerVersion ?? deterministicUuid('observe', ref.id, at, canonicalJson(fields)),
    createdAt: at,
    runId: null,
    fields,
    facets: { ...dataset.facets, ...dataset.inputFacets },
    lifecycleState: dataset.standard.lifecycleStateChange?.lifecycleStateChange ?? null,
  };
}
