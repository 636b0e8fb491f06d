import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import { ConflictError } from '../../model/errors.js';
import type { EdgeInput } from '../../model/graph.js';
import { describeTrainingSetVersion, readTrainingSetFacet } from '../../model/ml-records.js';
import { datasetId, formatNodeId } from '../../model/node-id.js';
import type { ModelSpec, ModelVersionSpec } from './manifest-schema.js';
import { addIssue, type PlanContext, readTime, upsertNode } from './plan-context.js';
import { type KnownTrainingSet, trainingSetKey } from './plan-training-sets.js';

/**
 * Plans models and their versions. A model version is an immutable record TRAINED_ON one
 * training-set version: one dataset-level edge from the training set and one column-level edge
 * from each feature and the label, all with attributes `{ version, role }`. Returns the ids of
 * the model versions the document lists.
 */
export async function planModels(
  ctx: PlanContext,
  specs: readonly ModelSpec[],
  trainingSets: Map<string, KnownTrainingSet>,
): Promise<Set<string>> {
  const listed = new Set<string>();
  const ids = specs.flatMap((m) => m.versions.map((v) => modelVersionId(m, v)));
  const recorded = new Map((await ctx.store.getNodes(ids)).map((n) => [n.id, n]));

  for (const [index, spec] of specs.entries()) {
    const modelId = formatNodeId({ kind: 'model', namespace: spec.namespace, name: spec.name });
    const times: string[] = [];
    for (const [versionIndex, version] of spec.versions.entries()) {
      const path = `models[${index}].versions[${versionIndex}]`;
      const id = modelVersionId(spec, version);
      if (listed.has(id)) {
        addIssue(ctx, path, `model version ${id} is listed twice`);
        continue;
      }
      listed.add(id);
      const createdAt = readTime(ctx, version.createdAt, `${path}.createdAt`);
      const trainingSet = await findTrainingSet(ctx, version, trainingSets, `${path}.trainingSet`);
      if (!createdAt || !trainingSet) continue;
      times.push(createdAt);
      const attributes = {
        version: version.version,
        params: version.params,
        metrics: version.metrics,
        codeVersion: version.codeVersion ?? null,
        createdAt,
        trainingSet: { id: trainingSet.id, version: trainingSet.version },
      };
      const contentHash = sha256(canonicalJson(attributes));
      const existing = recorded.get(id);
      if (existing) {
        if (existing.attributes.contentHash !== contentHash) {
          throw new ConflictError(
            `${path}: model version ${id} is already recorded with different content; versions are immutable, register a new version`,
            { path },
          );
        }
        continue;
      }
      upsertNode(ctx, {
        id,
        kind: 'modelVersion',
        namespace: spec.namespace,
        name: spec.name,
        at: createdAt,
        description: version.description ?? null,
        attributes: { ...attributes, contentHash },
      });
      ctx.mutation.edgeSets.push({
        scope: id,
        at: createdAt,
        mode: 'replace',
        runId: null,
        edges: trainedOnEdges(id, trainingSet),
      });
    }
    upsertNode(ctx, {
      id: modelId,
      kind: 'model',
      namespace: spec.namespace,
      name: spec.name,
      at: times.sort()[0] ?? ctx.now,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.owners ? { owners: spec.owners.map((name) => ({ name })) } : {}),
      ...(spec.tags ? { tags: spec.tags } : {}),
    });
  }
  return listed;
}

export function modelVersionId(
  model: Pick<ModelSpec, 'namespace' | 'name'>,
  version: Pick<ModelVersionSpec, 'version'>,
): string {
  return formatNodeId({ kind: 'modelVersion', namespace: model.namespace, name: model.name, version: version.version });
}

/** TRAINED_ON edges of a model version: the training set, each feature and the label. */
export function trainedOnEdges(modelVersion: string, trainingSet: KnownTrainingSet): EdgeInput[] {
  const edge = (source: string, role: string): EdgeInput => ({
    kind: 'TRAINED_ON',
    source,
    target: modelVersion,
    origin: 'ml',
    via: null,
    transformations: [],
    attributes: { version: trainingSet.version, role },
  });
  const { features, label } = trainingSet.record;
  return [
    edge(trainingSet.id, 'trainingSet'),
    ...features.map((f) => edge(f.field, 'feature')),
    ...(label ? [edge(label.field, 'label')] : []),
  ];
}

async function findTrainingSet(
  ctx: PlanContext,
  spec: ModelVersionSpec,
  known: Map<string, KnownTrainingSet>,
  path: string,
): Promise<KnownTrainingSet | null> {
  const id = datasetId(spec.trainingSet.namespace, spec.trainingSet.name);
  const key = trainingSetKey(id, spec.trainingSet.version);
  const inDocument = known.get(key);
  if (inDocument) return inDocument;
  const version = await ctx.store.getDatasetVersion(id, spec.trainingSet.version);
  const record = version ? readTrainingSetFacet(version.facets) : null;
  if (!record) {
    addIssue(ctx, path, `unknown training set version ${describeTrainingSetVersion(id, spec.trainingSet.version)}`);
    return null;
  }
  const found = { id, version: spec.trainingSet.version, record };
  known.set(key, found);
  return found;
}
