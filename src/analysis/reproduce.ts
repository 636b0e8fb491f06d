import { NotFoundError } from '../model/errors.js';
import { readTrainingSetFacet, type TrainingSetColumn } from '../model/ml-records.js';
import type { Store } from '../store/store.js';
import { readModelInputs } from './model-inputs.js';

export interface ReproductionRecipe {
  modelVersion: string;
  createdAt: string | null;
  codeVersion: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  trainingSet: { id: string; version: string; createdAt: string | null } | null;
  features: TrainingSetColumn[];
  label: TrainingSetColumn | null;
  /** Every dataset upstream of the training set, with the version current at training time. */
  datasets: { id: string; version: string | null; createdAt: string | null }[];
  /** Every job upstream of the training set, with the version (and SQL) current at training time. */
  jobs: { id: string; version: string | null; sql: string | null }[];
  partial: boolean;
}

/**
 * Lists exactly what produced a model version: its training-set version and features, and every
 * dataset version and job version (with SQL) upstream of the training set as of the model
 * version's creation time, plus code version and params.
 */
export async function reproduceModelVersion(store: Store, modelVersion: string): Promise<ReproductionRecipe> {
  const node = await store.getNode(modelVersion);
  if (node?.kind !== 'modelVersion') throw new NotFoundError(`model version ${modelVersion} not found`);
  const attributes = node.attributes;
  const createdAt = typeof attributes.createdAt === 'string' ? attributes.createdAt : node.createdAt;
  const inputs = await readModelInputs(store, modelVersion, createdAt);
  const recipe: ReproductionRecipe = {
    modelVersion,
    createdAt,
    codeVersion: typeof attributes.codeVersion === 'string' ? attributes.codeVersion : null,
    params: record(attributes.params),
    metrics: record(attributes.metrics),
    trainingSet: null,
    features: inputs.features.map((f) => ({ field: f.id, name: f.name, source: f.id })),
    label: inputs.label ? { field: inputs.label.id, name: inputs.label.name, source: inputs.label.id } : null,
    datasets: [],
    jobs: [],
    partial: false,
  };
  if (!inputs.trainingSet) return recipe;
  const { id, version } = inputs.trainingSet;
  const tsVersion = await store.getDatasetVersion(id, version);
  const facet = tsVersion ? readTrainingSetFacet(tsVersion.facets) : null;
  recipe.trainingSet = { id, version, createdAt: tsVersion?.createdAt ?? null };
  if (facet) {
    recipe.features = facet.features;
    recipe.label = facet.label;
  }

  const upstream = await store.traverse({
    start: [id],
    direction: 'upstream',
    depth: 64,
    level: 'dataset',
    asOf: createdAt,
    edgeKinds: ['INPUT', 'OUTPUT'],
  });
  recipe.partial = upstream.partial;
  const nodes = upstream.nodes.map((n) => n.node).sort((a, b) => a.id.localeCompare(b.id));
  for (const n of nodes) {
    if (n.kind === 'dataset' && n.id !== id) {
      const v = await store.getDatasetVersionAt(n.id, createdAt);
      recipe.datasets.push({ id: n.id, version: v?.version ?? null, createdAt: v?.createdAt ?? null });
    } else if (n.kind === 'job') {
      const v = await store.getJobVersionAt(n.id, createdAt);
      recipe.jobs.push({ id: n.id, version: v?.version ?? null, sql: v?.sql ?? null });
    }
  }
  return recipe;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
}

/** Renders a recipe for the terminal. */
export function formatRecipe(recipe: ReproductionRecipe): string {
  const lines = [
    `model version ${recipe.modelVersion}`,
    `  trained at:   ${recipe.createdAt ?? '(unknown)'}`,
    `  code version: ${recipe.codeVersion ?? '(unknown)'}`,
    `  params:       ${JSON.stringify(recipe.params)}`,
    `  metrics:      ${JSON.stringify(recipe.metrics)}`,
    `  training set: ${recipe.trainingSet ? `${recipe.trainingSet.id} version ${recipe.trainingSet.version}` : '(unknown)'}`,
    '',
    `features (${recipe.features.length}):`,
    ...recipe.features.map((f) => `  ${f.name}  ← ${f.source}`),
    `label: ${recipe.label ? `${recipe.label.name}  ← ${recipe.label.source}` : '(none)'}`,
    '',
    `upstream datasets as of ${recipe.createdAt} (${recipe.datasets.length}):`,
    ...recipe.datasets.map((d) => `  ${d.id}  version ${d.version ?? '(none recorded)'}`),
    '',
    `upstream jobs (${recipe.jobs.length}):`,
  ];
  for (const job of recipe.jobs) {
    lines.push(`  ${job.id}  version ${job.version ?? '(none recorded)'}`);
    if (job.sql)
      lines.push(
        ...job.sql
          .trim()
          .split('\n')
          .map((l) => `      ${l}`),
      );
  }
  if (recipe.partial) lines.push('', '(the upstream walk was cut by its bounds: the list is partial)');
  return lines.join('\n');
}
