import { datasetId, fieldId } from '../../model/node-id.js';
import { nowIso } from '../../model/time.js';
import type { IngestResult, Store } from '../../store/store.js';
import { datasetIdFromUri } from './dataset-uri.js';
import { type FeastDataSource, type FeastRegistry, feastRegistrySchema } from './feast-registry-schema.js';
import type { FeatureViewSpec } from './manifest-schema.js';
import { zodInputError } from './parse-manifest.js';
import { createPlanContext, derivesEdge, jobEdges, type PlanContext, readTime, upsertNode } from './plan-context.js';
import { planFeatureViews } from './plan-feature-views.js';
import { throwIssues } from './plan-manifest.js';

export interface FeastImportOptions {
  actor: string | null;
  /** Namespace of the feature views and services; defaults to `feast://PROJECT`. */
  namespace?: string;
  /** Namespaces for warehouse sources by kind (`snowflake`, `redshift`, `bigquery`, `spark`, `trino`). */
  sourceNamespaces?: Record<string, string>;
  now?: string;
}

export interface FeastImportResult {
  status: IngestResult['status'];
  seq: number;
  featureViews: number;
  featureServices: number;
  /** Feature views whose source could not be mapped to a dataset (a request or push source): registered without lineage. */
  unmapped: string[];
}

/**
 * Imports the JSON of `feast registry-dump`: each feature view (batch or stream) becomes a
 * feature-view dataset whose fields DERIVE from its source's columns (through the source's field
 * mapping), each feature service a dataset (subtype `featureService`) whose fields
 * (`VIEW__FEATURE`) DERIVE from the feature-view fields. Entities are kept on the feature views.
 */
export async function importFeastRegistry(
  store: Store,
  dump: unknown,
  options: FeastImportOptions,
): Promise<FeastImportResult> {
  const parsed = feastRegistrySchema.safeParse(dump);
  if (!parsed.success) throw zodInputError('not a feast registry-dump document', parsed.error.issues);
  const registry = parsed.data;
  const now = options.now ?? nowIso();
  const namespace = options.namespace ?? `feast://${registry.project ?? 'default'}`;
  const ctx = createPlanContext(store, now);
  const joinKeys = new Map(registry.entities.map((e) => [e.spec.name, e.spec.joinKey ?? e.spec.name]));
  const sources = new Map(registry.dataSources.map((s) => [s.name, s]));

  const specs: FeatureViewSpec[] = [];
  const unmapped: string[] = [];
  for (const view of [...registry.featureViews, ...registry.streamFeatureViews]) {
    const { spec } = view;
    const declared = spec.batchSource ?? spec.streamSource;
    const source = declared ? (sources.get(declared.name) ?? declared) : undefined;
    const sourceId = source ? feastSourceDatasetId(source, namespace, options.sourceNamespaces ?? {}) : null;
    if (!sourceId) {
      unmapped.push(spec.name);
      continue;
    }
    const featureToColumn = new Map(
      Object.entries(source?.fieldMapping ?? {}).map(([column, feature]) => [feature, column]),
    );
    specs.push({
      namespace,
      name: spec.name,
      entities: spec.entities.map((e) => joinKeys.get(e) ?? e),
      source: sourceId,
      ...(spec.owner ? { owners: [spec.owner] } : {}),
      ...(spec.tags ? { tags: Object.entries(spec.tags).map(([k, v]) => `${k}:${v}`) } : {}),
      ...(spec.description ? { description: spec.description } : {}),
      ...(updatedAt(view.meta) ? { createdAt: updatedAt(view.meta) } : {}),
      features: spec.features.map((f) => ({
        name: f.name,
        ...(featureToColumn.has(f.name) ? { column: featureToColumn.get(f.name) } : {}),
        ...(f.valueType ? { type: f.valueType } : {}),
        ...(f.description ? { description: f.description } : {}),
      })),
    });
  }
  await planFeatureViews(ctx, specs, []);
  addFeatureServices(ctx, registry, namespace);
  throwIssues(ctx.issues);

  const result = await store.ingest(
    { source: 'feast', actor: options.actor, payload: { registry: dump, namespace }, eventTime: now },
    ctx.mutation,
  );
  return {
    status: result.status,
    seq: result.seq,
    featureViews: specs.length,
    featureServices: registry.featureServices.length,
    unmapped,
  };
}

/** When a registry object last changed: edges change at that time, so a re-import after an edit closes what was dropped. */
function updatedAt(
  meta: { createdTimestamp?: string | undefined; lastUpdatedTimestamp?: string | undefined } | undefined,
): string | undefined {
  return meta?.lastUpdatedTimestamp ?? meta?.createdTimestamp;
}

function addFeatureServices(ctx: PlanContext, registry: FeastRegistry, namespace: string): void {
  for (const service of registry.featureServices) {
    const { spec } = service;
    const id = datasetId(namespace, spec.name);
    const stamp = updatedAt(service.meta);
    const at = stamp ? (readTime(ctx, stamp, `featureServices.${spec.name}.meta`) ?? ctx.now) : ctx.now;
    const job = `job:${namespace}:serve_${spec.name}`;
    const edges = [];
    const fields: { name: string }[] = [];
    const views = new Set<string>();
    for (const projection of spec.features) {
      views.add(datasetId(namespace, projection.featureViewName));
      for (const column of projection.featureColumns) {
        const name = `${projection.featureViewName}__${column.name}`;
        const field = fieldId(namespace, spec.name, name);
        fields.push({ name });
        upsertNode(ctx, {
          id: field,
          kind: 'datasetField',
          namespace,
          name: spec.name,
          at,
          attributes: { field: name, ordinal: fields.length - 1 },
        });
        edges.push(derivesEdge(fieldId(namespace, projection.featureViewName, column.name), field, job));
      }
    }
    upsertNode(ctx, {
      id,
      kind: 'dataset',
      namespace,
      name: spec.name,
      at,
      subtype: 'featureService',
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.owner ? { owners: [{ name: spec.owner }] } : {}),
    });
    upsertNode(ctx, { id: job, kind: 'job', namespace, name: `serve_${spec.name}`, at, subtype: 'FEATURE_SERVICE' });
    ctx.mutation.datasetVersions.push({
      datasetId: id,
      reason: 'observe',
      version: `${spec.name}:${fields.map((f) => f.name).join(',')}`.slice(0, 512),
      createdAt: at,
      runId: null,
      fields,
      facets: {},
      lifecycleState: null,
    });
    ctx.mutation.edgeSets.push({
      scope: job,
      at,
      mode: 'replace',
      runId: null,
      edges: jobEdges(job, [...views], [id]),
    });
    ctx.mutation.edgeSets.push({ scope: `${job}|${id}`, at, mode: 'replace', runId: null, edges });
  }
}

/**
 * Maps a Feast data source to the dataset it reads (see README.md): files by URI, warehouse
 * tables by `<kind namespace>:<database.schema.table>`; null for request and push sources.
 */
export function feastSourceDatasetId(
  source: FeastDataSource,
  featureNamespace: string,
  namespaces: Record<string, string>,
): string | null {
  const ns = (kind: string): string => namespaces[kind] ?? kind;
  const table = (o: { database?: string | undefined; schema?: string | undefined; table?: string | undefined }) =>
    [o.database, o.schema, o.table].filter(Boolean).join('.');
  if (source.fileOptions?.uri) return datasetIdFromUri(source.fileOptions.uri);
  if (source.bigqueryOptions?.table) return datasetId(ns('bigquery'), source.bigqueryOptions.table);
  if (source.snowflakeOptions?.table) return datasetId(ns('snowflake'), table(source.snowflakeOptions));
  if (source.redshiftOptions?.table) return datasetId(ns('redshift'), table(source.redshiftOptions));
  if (source.sparkOptions?.table) return datasetId(ns('spark'), source.sparkOptions.table);
  if (source.sparkOptions?.path) return datasetIdFromUri(source.sparkOptions.path);
  if (source.trinoOptions?.table) return datasetId(ns('trino'), source.trinoOptions.table);
  if (source.type === 'REQUEST_SOURCE' || source.type === 'PUSH_SOURCE') return null;
  return source.name ? datasetId(featureNamespace, `source_${source.name}`) : null;
}
