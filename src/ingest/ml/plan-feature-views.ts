import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import { featureViewJobId } from '../../model/ml-records.js';
import { datasetId, fieldId } from '../../model/node-id.js';
import type { FeatureViewSpec, TrainingSetSpec } from './manifest-schema.js';
import {
  addIssue,
  canonicalId,
  derivesEdge,
  jobEdges,
  type PlanContext,
  readNodeId,
  readTime,
  reference,
  upsertNode,
} from './plan-context.js';

/** A feature view of the document, indexed for training-set resolution. */
export interface PlannedFeatureView {
  id: string;
  namespace: string;
  name: string;
  /** Feature name -> field id of the feature view. */
  fields: Map<string, string>;
}

/**
 * Plans the feature views of a manifest: each becomes a dataset (subtype `featureView`) whose
 * fields DERIVE (IDENTITY, origin `ml`) from the source fields, through a materialisation job so
 * the dataset-level graph is connected too. Edge sets use `replace`, so a feature dropped by a
 * later document is closed, not deleted.
 */
export async function planFeatureViews(
  ctx: PlanContext,
  specs: readonly FeatureViewSpec[],
  trainingSets: readonly TrainingSetSpec[],
): Promise<Map<string, PlannedFeatureView>> {
  const planned = new Map<string, PlannedFeatureView>();
  const firstUse = earliestUse(trainingSets);
  const existing = new Set(
    (await ctx.store.getNodes(specs.map((s) => datasetId(s.namespace, s.name)))).map((n) => n.id),
  );

  specs.forEach((spec, index) => {
    const path = `featureViews[${index}]`;
    const id = datasetId(spec.namespace, spec.name);
    if (planned.has(id)) {
      addIssue(ctx, path, `feature view ${spec.namespace}:${spec.name} is listed twice`);
      return;
    }
    const sourceRef = readNodeId(ctx, spec.source, 'dataset', `${path}.source`);
    const explicit = spec.createdAt === undefined ? null : readTime(ctx, spec.createdAt, `${path}.createdAt`);
    if (!sourceRef) return;
    const source = canonicalId(ctx, spec.source);
    const sourceBody = source.slice('dataset:'.length);
    const used = firstUse.get(spec.name);
    const at = explicit ?? (!existing.has(id) && used !== undefined && used < ctx.now ? used : ctx.now);

    const fields = new Map<string, string>();
    const job = featureViewJobId(spec.namespace, spec.name);
    const edges = [];
    reference(ctx, source, at);
    for (const [featureIndex, feature] of spec.features.entries()) {
      if (fields.has(feature.name)) {
        addIssue(ctx, `${path}.features[${featureIndex}]`, `feature ${feature.name} is listed twice`);
        continue;
      }
      const field = fieldId(spec.namespace, spec.name, feature.name);
      const sourceField = `datasetField:${sourceBody}:${feature.column ?? feature.name}`;
      fields.set(feature.name, field);
      reference(ctx, sourceField, at);
      edges.push(derivesEdge(sourceField, field, job));
      upsertNode(ctx, {
        id: field,
        kind: 'datasetField',
        namespace: spec.namespace,
        name: spec.name,
        at,
        description: feature.description ?? null,
        attributes: { field: feature.name, type: feature.type ?? null, ordinal: featureIndex },
      });
    }
    planned.set(id, { id, namespace: spec.namespace, name: spec.name, fields });

    upsertNode(ctx, {
      id,
      kind: 'dataset',
      namespace: spec.namespace,
      name: spec.name,
      at,
      subtype: 'featureView',
      description: spec.description ?? null,
      ...(spec.owners ? { owners: spec.owners.map((name) => ({ name })) } : {}),
      ...(spec.tags ? { tags: spec.tags } : {}),
      attributes: { entities: spec.entities, source },
    });
    upsertNode(ctx, {
      id: job,
      kind: 'job',
      namespace: spec.namespace,
      name: `materialize_${spec.name}`,
      at,
      subtype: 'FEATURE_PIPELINE',
      description: `Materialises feature view ${spec.name} from ${sourceBody}`,
    });
    const schema = spec.features.map((f) => ({ name: f.name, ...(f.type ? { type: f.type } : {}) }));
    ctx.mutation.datasetVersions.push({
      datasetId: id,
      reason: 'observe',
      version: sha256(canonicalJson({ source, features: spec.features })).slice(0, 32),
      createdAt: at,
      runId: null,
      fields: schema,
      facets: {},
      lifecycleState: null,
    });
    ctx.mutation.edgeSets.push({ scope: job, at, mode: 'replace', runId: null, edges: jobEdges(job, [source], [id]) });
    ctx.mutation.edgeSets.push({ scope: `${job}|${id}`, at, mode: 'replace', runId: null, edges });
  });
  return planned;
}

/** The earliest createdAt of the document's training sets, per feature-view name they reference. */
function earliestUse(trainingSets: readonly TrainingSetSpec[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const ts of trainingSets) {
    const ms = Date.parse(ts.createdAt);
    if (Number.isNaN(ms)) continue;
    const at = new Date(ms).toISOString();
    for (const ref of [...ts.features, ts.label]) {
      if (ref.startsWith('datasetField:')) continue;
      const colon = ref.lastIndexOf(':');
      if (colon <= 0) continue;
      const name = ref.slice(0, colon);
      const previous = out.get(name);
      if (previous === undefined || at < previous) out.set(name, at);
    }
  }
  return out;
}
