import { z } from 'zod';
import type { EdgeInput } from '../../model/graph.js';
import { emptyMutation, type Mutation, type NodeUpsert } from '../../model/mutation.js';
import { datasetId, fieldId, formatNodeId, parseNodeId } from '../../model/node-id.js';
import { nowIso } from '../../model/time.js';
import type { IngestResult, Store } from '../../store/store.js';
import { datasetIdFromUri } from './dataset-uri.js';
import type { MlflowSnapshot } from './mlflow-client.js';
import type { MlflowDatasetInput, MlflowRun } from './mlflow-schema.js';

export interface MlflowImportOptions {
  actor: string | null;
  /** Namespace of the models; defaults to `mlflow://HOST[:PORT]` of the tracking URI. */
  namespace?: string;
  /** Namespace of catalog tables (delta, Unity Catalog); default `databricks`. */
  tableNamespace?: string;
  now?: string;
}

export interface MlflowImportResult {
  status: IngestResult['status'];
  seq: number;
  models: number;
  modelVersions: number;
  datasets: string[];
}

const GIT_COMMIT = 'mlflow.source.git.commit';
const CONTEXT = 'mlflow.data.context';

/**
 * Records an MLflow snapshot: registered models and versions (params, latest metrics, git commit
 * as code version), and for each version TRAINED_ON edges from the datasets its run logged as
 * training inputs (`inputs.dataset_inputs` with context `training`, or every input when none is
 * tagged), one per dataset and one per schema column. The snapshot itself is the event payload,
 * so importing an unchanged server again is a duplicate.
 */
export async function importMlflowSnapshot(
  store: Store,
  snapshot: MlflowSnapshot,
  options: MlflowImportOptions,
): Promise<MlflowImportResult> {
  const now = options.now ?? nowIso();
  const namespace = options.namespace ?? mlflowNamespace(snapshot.trackingUri);
  const tableNamespace = options.tableNamespace ?? 'databricks';
  const mutation = emptyMutation();
  const datasets = new Set<string>();
  let versions = 0;

  for (const { model, versions: entries } of snapshot.models) {
    const modelId = formatNodeId({ kind: 'model', namespace, name: model.name });
    mutation.nodes.push({
      id: modelId,
      kind: 'model',
      namespace,
      name: model.name,
      at: msToIso(model.creation_timestamp) ?? now,
      description: model.description ?? null,
      tags: Object.entries(model.tags).map(([k, v]) => `${k}:${v}`),
      attributes: { aliases: Object.fromEntries(model.aliases.map((a) => [a.alias, a.version])) },
    });
    for (const { version, run } of entries) {
      versions += 1;
      const id = formatNodeId({ kind: 'modelVersion', namespace, name: model.name, version: version.version });
      const createdAt = msToIso(version.creation_timestamp) ?? msToIso(run?.info.start_time) ?? now;
      const inputs = run ? trainingInputs(run) : [];
      const edges: EdgeInput[] = [];
      let trainingSet: { id: string; version: string } | null = null;
      for (const input of inputs) {
        const dataset = mlflowDatasetId(input, namespace, tableNamespace);
        datasets.add(dataset);
        const digest = input.dataset.digest || 'unversioned';
        trainingSet ??= { id: dataset, version: digest };
        const columns = addDataset(mutation, dataset, input, msToIso(run?.info.start_time) ?? createdAt);
        edges.push(trainedOn(dataset, id, digest, 'trainingSet'));
        for (const column of columns) edges.push(trainedOn(column, id, digest, 'feature'));
      }
      mutation.nodes.push({
        id,
        kind: 'modelVersion',
        namespace,
        name: model.name,
        at: createdAt,
        description: version.description ?? null,
        attributes: {
          version: version.version,
          params: run?.data.params ?? {},
          metrics: run ? latestMetrics(run) : {},
          codeVersion: run?.data.tags[GIT_COMMIT] ?? version.tags[GIT_COMMIT] ?? null,
          createdAt,
          trainingSet,
          runId: version.run_id ?? null,
          source: version.source ?? null,
          stage: version.current_stage ?? null,
          status: version.status ?? null,
        },
      });
      mutation.edgeSets.push({ scope: id, at: createdAt, mode: 'replace', runId: null, edges });
    }
  }
  const result = await store.ingest(
    { source: 'mlflow', actor: options.actor, payload: snapshot, eventTime: now },
    mutation,
  );
  return {
    status: result.status,
    seq: result.seq,
    models: snapshot.models.length,
    modelVersions: versions,
    datasets: [...datasets].sort(),
  };
}

/** `mlflow://HOST[:PORT]` of a tracking URI (`http://localhost:5000` -> `mlflow://localhost:5000`). */
export function mlflowNamespace(trackingUri: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)/i.exec(trackingUri);
  return `mlflow://${match?.[1] ?? 'default'}`;
}

/**
 * Maps an MLflow dataset source to a dataset id (see README.md): `http`/`s3`/`local`... by their
 * URI, catalog tables by name in `tableNamespace`, Hugging Face datasets by path, anything else
 * (a pandas frame logged from code) as `dataset:<model namespace>:datasets/<name>`.
 */
export function mlflowDatasetId(input: MlflowDatasetInput, namespace: string, tableNamespace: string): string {
  const { dataset } = input;
  const source = looseRecord.safeParse(dataset.source).data ?? {};
  const text = (key: string): string | null =>
    typeof source[key] === 'string' && source[key] !== '' ? String(source[key]) : null;
  const table = text('delta_table_name') ?? text('table_name') ?? text('table');
  if (table) return datasetId(tableNamespace, table);
  const uri = text('url') ?? text('uri') ?? text('path') ?? text('delta_table_path');
  if (dataset.source_type === 'hugging_face' && text('path')) return datasetId('huggingface', text('path') ?? '');
  if (uri) return datasetIdFromUri(uri);
  if (typeof dataset.source === 'string' && dataset.source !== '') return datasetIdFromUri(dataset.source);
  return datasetId(namespace, `datasets/${dataset.name}`);
}

function trainingInputs(run: MlflowRun): MlflowDatasetInput[] {
  const inputs = run.inputs.dataset_inputs;
  const training = inputs.filter((i) => i.tags[CONTEXT] === 'training');
  return training.length > 0 ? training : inputs.filter((i) => i.tags[CONTEXT] === undefined);
}

/** Upserts a logged dataset with its columns and a version per digest; returns its field ids. */
function addDataset(mutation: Mutation, id: string, input: MlflowDatasetInput, at: string): string[] {
  const ref = parseNodeId(id);
  if (ref.kind !== 'dataset') return [];
  const names = schemaColumns(input.dataset.schema);
  const fields: NodeUpsert[] = names.map((name, ordinal) => ({
    id: fieldId(ref.namespace, ref.name, name.name),
    kind: 'datasetField',
    namespace: ref.namespace,
    name: ref.name,
    at,
    attributes: { field: name.name, type: name.type, ordinal },
  }));
  mutation.nodes.push({ id, kind: 'dataset', namespace: ref.namespace, name: ref.name, at }, ...fields);
  mutation.datasetVersions.push({
    datasetId: id,
    reason: 'write',
    version: input.dataset.digest || 'unversioned',
    createdAt: at,
    runId: null,
    fields: names.length > 0 ? names.map((n) => ({ name: n.name, ...(n.type ? { type: n.type } : {}) })) : null,
    facets: {
      mlflowDataset: {
        name: input.dataset.name,
        digest: input.dataset.digest,
        sourceType: input.dataset.source_type,
        source: input.dataset.source,
      },
    },
    lifecycleState: null,
  });
  return fields.map((f) => f.id);
}

const looseRecord = z.record(z.string(), z.unknown());
const colspecSchema = z.object({ mlflow_colspec: z.array(z.unknown()) });
const colspecEntry = z.looseObject({ name: z.string().min(1), type: z.string().optional() });

/** Columns of an `mlflow_colspec` schema (tensor specs have none); entries without a name are skipped. */
function schemaColumns(schema: unknown): { name: string; type: string | null }[] {
  const parsed = colspecSchema.safeParse(schema);
  if (!parsed.success) return [];
  return parsed.data.mlflow_colspec.flatMap((col) => {
    const entry = colspecEntry.safeParse(col);
    return entry.success ? [{ name: entry.data.name, type: entry.data.type ?? null }] : [];
  });
}

function latestMetrics(run: MlflowRun): Record<string, number> {
  const latest = new Map<string, { value: number; step: number; at: number }>();
  for (const metric of run.data.metrics) {
    if (metric.value === null) continue;
    const step = metric.step ?? 0;
    const at = metric.timestamp ?? 0;
    const previous = latest.get(metric.key);
    if (!previous || step > previous.step || (step === previous.step && at >= previous.at)) {
      latest.set(metric.key, { value: metric.value, step, at });
    }
  }
  return Object.fromEntries([...latest].map(([key, v]) => [key, v.value]));
}

function trainedOn(source: string, target: string, version: string, role: 'trainingSet' | 'feature'): EdgeInput {
  return {
    kind: 'TRAINED_ON',
    source,
    target,
    origin: 'ml',
    via: null,
    transformations: [],
    attributes: { version, role },
  };
}

function msToIso(ms: number | undefined): string | null {
  return ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
