import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import { ConflictError } from '../../model/errors.js';
import {
  describeTrainingSetVersion,
  readTrainingSetFacet,
  TRAINING_SET_FACET,
  type TrainingSetColumn,
  type TrainingSetFacet,
  trainingSetJobId,
} from '../../model/ml-records.js';
import { datasetId, fieldId, parseNodeId } from '../../model/node-id.js';
import type { TrainingSetSpec } from './manifest-schema.js';
import {
  addIssue,
  canonicalId,
  derivesEdge,
  jobEdges,
  type PlanContext,
  readTime,
  reference,
  upsertNode,
} from './plan-context.js';
import type { PlannedFeatureView } from './plan-feature-views.js';

/** A training-set version known to this apply: from the document or already recorded. */
export interface KnownTrainingSet {
  id: string;
  version: string;
  record: TrainingSetFacet;
}

export const trainingSetKey = (id: string, version: string): string => `${id}@${version}`;

/**
 * Plans training-set versions: each becomes a dataset version (with the {@link TRAINING_SET_FACET}
 * naming features and label) of a dataset with subtype `trainingSet`, whose fields DERIVE from the
 * feature-view fields. Versions are immutable: a version already recorded with the same content is
 * left alone, with other content it is a {@link ConflictError}.
 */
export async function planTrainingSets(
  ctx: PlanContext,
  specs: readonly TrainingSetSpec[],
  featureViews: ReadonlyMap<string, PlannedFeatureView>,
): Promise<Map<string, KnownTrainingSet>> {
  const known = new Map<string, KnownTrainingSet>();
  const resolveView = createViewResolver(ctx, featureViews);

  for (const [index, spec] of specs.entries()) {
    const path = `trainingSets[${index}]`;
    const id = datasetId(spec.namespace, spec.name);
    const key = trainingSetKey(id, spec.version);
    if (known.has(key)) {
      addIssue(ctx, path, `training set version ${describeTrainingSetVersion(id, spec.version)} is listed twice`);
      continue;
    }
    const createdAt = readTime(ctx, spec.createdAt, `${path}.createdAt`);
    const issuesBefore = ctx.issues.length;
    const features: TrainingSetColumn[] = [];
    for (const [featureIndex, text] of spec.features.entries()) {
      const source = await resolveColumn(ctx, text, spec.namespace, `${path}.features[${featureIndex}]`, resolveView);
      if (!source) continue;
      if (features.some((f) => f.name === source.name)) {
        addIssue(ctx, `${path}.features[${featureIndex}]`, `feature ${source.name} is listed twice`);
        continue;
      }
      features.push({ field: fieldId(spec.namespace, spec.name, source.name), name: source.name, source: source.id });
    }
    const labelSource = await resolveColumn(ctx, spec.label, spec.namespace, `${path}.label`, resolveView);
    if (!createdAt || !labelSource || ctx.issues.length > issuesBefore) continue;
    const labelName = features.some((f) => f.name === labelSource.name)
      ? `${labelSource.name}__label`
      : labelSource.name;
    const label = { field: fieldId(spec.namespace, spec.name, labelName), name: labelName, source: labelSource.id };
    const contentHash = sha256(canonicalJson({ features, label, createdAt }));
    const record: TrainingSetFacet = { features, label, createdAt, contentHash };

    const recorded = await ctx.store.getDatasetVersion(id, spec.version);
    if (recorded) {
      if (readTrainingSetFacet(recorded.facets)?.contentHash !== contentHash) {
        throw new ConflictError(
          `${path}: training set version ${describeTrainingSetVersion(id, spec.version)} is already recorded with different content; versions are immutable, register a new version`,
          { path },
        );
      }
      known.set(key, { id, version: spec.version, record });
      continue;
    }
    known.set(key, { id, version: spec.version, record });
    addTrainingSetVersion(ctx, spec, id, record);
  }
  return known;
}

function addTrainingSetVersion(ctx: PlanContext, spec: TrainingSetSpec, id: string, record: TrainingSetFacet): void {
  const at = record.createdAt;
  const job = trainingSetJobId(spec.namespace, spec.name);
  const columns = record.label ? [...record.features, record.label] : record.features;
  upsertNode(ctx, {
    id,
    kind: 'dataset',
    namespace: spec.namespace,
    name: spec.name,
    at,
    subtype: 'trainingSet',
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.owners ? { owners: spec.owners.map((name) => ({ name })) } : {}),
  });
  upsertNode(ctx, {
    id: job,
    kind: 'job',
    namespace: spec.namespace,
    name: `build_${spec.name}`,
    at,
    subtype: 'TRAINING_SET',
    description: `Assembles training set ${spec.name} from its features and label`,
  });
  columns.forEach((column, ordinal) => {
    reference(ctx, column.source, at);
    upsertNode(ctx, {
      id: column.field,
      kind: 'datasetField',
      namespace: spec.namespace,
      name: spec.name,
      at,
      attributes: { field: column.name, ordinal },
    });
  });
  ctx.mutation.datasetVersions.push({
    datasetId: id,
    reason: 'write',
    version: spec.version,
    createdAt: at,
    runId: null,
    fields: columns.map((c) => ({ name: c.name })),
    facets: { [TRAINING_SET_FACET]: record },
    lifecycleState: null,
  });
  const inputs = columns.map((c) => `dataset:${datasetOfField(c.source)}`);
  ctx.mutation.edgeSets.push({ scope: job, at, mode: 'merge', runId: null, edges: jobEdges(job, inputs, [id]) });
  ctx.mutation.edgeSets.push({
    scope: `${job}|${id}`,
    at,
    mode: 'merge',
    runId: null,
    edges: columns.map((c) => derivesEdge(c.source, c.field, job)),
  });
}

function datasetOfField(id: string): string {
  const ref = parseNodeId(id);
  return ref.kind === 'datasetField' ? `${ref.namespace}:${ref.name}` : id;
}

type ViewResolver = (namespace: string, name: string) => Promise<Map<string, string> | 'ambiguous' | null>;

/** Finds a feature view by name: in the document (same namespace first), then in the store. */
function createViewResolver(ctx: PlanContext, featureViews: ReadonlyMap<string, PlannedFeatureView>): ViewResolver {
  const cache = new Map<string, Map<string, string> | null>();
  return async (namespace, name) => {
    const sameNamespace = featureViews.get(datasetId(namespace, name));
    if (sameNamespace) return sameNamespace.fields;
    const byName = [...featureViews.values()].filter((fv) => fv.name === name);
    if (byName.length > 1) return 'ambiguous';
    if (byName[0]) return byName[0].fields;
    const id = datasetId(namespace, name);
    if (!cache.has(id)) {
      const node = await ctx.store.getNode(id);
      if (node?.subtype !== 'featureView') cache.set(id, null);
      else {
        const fields = await ctx.store.listFields(id);
        cache.set(
          id,
          new Map(fields.map((f) => [String(f.attributes.field ?? f.id.slice(f.id.lastIndexOf(':') + 1)), f.id])),
        );
      }
    }
    return cache.get(id) ?? null;
  };
}

/** Resolves `featureView:feature` or a `datasetField:` id to the column it names. */
async function resolveColumn(
  ctx: PlanContext,
  text: string,
  namespace: string,
  path: string,
  resolveView: ViewResolver,
): Promise<{ id: string; name: string } | null> {
  if (text.startsWith('datasetField:')) {
    try {
      const ref = parseNodeId(text);
      if (ref.kind === 'datasetField') return { id: canonicalId(ctx, text), name: ref.field };
    } catch (error) {
      addIssue(ctx, path, (error as Error).message);
      return null;
    }
  }
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    addIssue(ctx, path, `'${text}' is neither featureView:feature nor a datasetField id`);
    return null;
  }
  const view = text.slice(0, colon);
  const feature = text.slice(colon + 1);
  const fields = await resolveView(namespace, view);
  if (fields === 'ambiguous') {
    addIssue(ctx, path, `feature view ${view} exists in several namespaces; use a datasetField id`);
    return null;
  }
  if (!fields) {
    addIssue(ctx, path, `unknown feature view ${view}`);
    return null;
  }
  const id = fields.get(feature);
  if (!id) {
    addIssue(ctx, path, `unknown feature ${feature} in feature view ${view}`);
    return null;
  }
  return { id, name: feature };
}
