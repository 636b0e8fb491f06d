import { z } from 'zod';
import { InputError } from './errors.js';
import { isNodeKind, jobId, parseNodeId } from './node-id.js';

/**
 * How ML registrations are recorded in the graph, shared by the ML ingesters (manifest, MLflow,
 * Feast) and the ML analyses (trace, leakage, reproduce). Pure vocabulary: no store access.
 */

/** Facet on a training-set dataset version naming its features and label. */
export const TRAINING_SET_FACET = 'trainingSet';

export const trainingSetColumnSchema = z.object({
  /** The field of the training set (`datasetField:` id). */
  field: z.string(),
  name: z.string(),
  /** The field it was taken from: a feature-view field or any other column. */
  source: z.string(),
});

export const trainingSetFacetSchema = z.object({
  features: z.array(trainingSetColumnSchema),
  label: trainingSetColumnSchema.nullable(),
  createdAt: z.string(),
  contentHash: z.string(),
});

export type TrainingSetColumn = z.infer<typeof trainingSetColumnSchema>;
export type TrainingSetFacet = z.infer<typeof trainingSetFacetSchema>;

/** Reads the training-set facet of a dataset version; null when the version is not a training set. */
export function readTrainingSetFacet(facets: Record<string, unknown>): TrainingSetFacet | null {
  const parsed = trainingSetFacetSchema.safeParse(facets[TRAINING_SET_FACET]);
  return parsed.success ? parsed.data : null;
}

/** TRAINED_ON edge roles: the training set as a whole, one of its features, its label. */
export type TrainedOnRole = 'trainingSet' | 'feature' | 'label';

export const trainedOnAttributesSchema = z.object({
  version: z.string(),
  role: z.enum(['trainingSet', 'feature', 'label']),
});

/** The job that materialises a feature view from its source (so dataset-level lineage is connected). */
export const featureViewJobId = (namespace: string, name: string): string => jobId(namespace, `materialize_${name}`);
/** The job that assembles a training set from feature views and the label. */
export const trainingSetJobId = (namespace: string, name: string): string => jobId(namespace, `build_${name}`);
/** The job that generated a synthetic dataset. */
export const synthesisJobId = (namespace: string, name: string): string => jobId(namespace, `synthesize_${name}`);

/** `NS:NAME@VERSION`, how messages name a training-set version. */
export function describeTrainingSetVersion(datasetId: string, version: string): string {
  return `${datasetId.replace(/^dataset:/, '')}@${version}`;
}

/**
 * Reads a training-set reference: a `dataset:NS:NAME` id, or `NS:NAME` without the kind. Throws an
 * {@link InputError} for any other node kind or a malformed id.
 */
export function readTrainingSetId(text: string, path = 'trainingSet'): string {
  const colon = text.indexOf(':');
  const kind = colon > 0 ? text.slice(0, colon) : '';
  const id = isNodeKind(kind) ? text : `dataset:${text}`;
  const ref = parseNodeId(id);
  if (ref.kind !== 'dataset')
    throw new InputError(`expected a training-set dataset id (dataset:NS:NAME), got '${text}'`, { path });
  return id;
}
