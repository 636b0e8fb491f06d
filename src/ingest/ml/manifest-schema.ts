import { z } from 'zod';

/**
 * The declarative ML manifest (`rootline apply -f FILE`, `POST /api/v2/apply`). Feature views and
 * deployments describe the current state; training-set versions and model versions are immutable
 * records. See src/ingest/ml/README.md for how each entry maps onto the graph.
 */

const name = z.string().trim().min(1).max(512);
const namespace = z.string().trim().min(1).max(512);
const time = z.string().min(1).max(64);
const ownerList = z.array(z.string().trim().min(1).max(256)).max(100);
const jsonRecord = z.record(z.string(), z.unknown());
const versionText = z.union([z.string().trim().min(1).max(128), z.number().transform(String)]);

export const featureSchema = z.strictObject({
  /** The feature's name, and the field of the feature view. */
  name: z.string().trim().min(1).max(256),
  /** The source field it comes from; defaults to the source field of the same name. */
  column: z.string().trim().min(1).max(512).optional(),
  type: z.string().max(128).optional(),
  description: z.string().max(4096).optional(),
});

export const featureViewSchema = z.strictObject({
  namespace,
  name,
  entities: z.array(z.string().trim().min(1).max(256)).max(100).default([]),
  /** A `dataset:` id the features are read from. */
  source: z.string().trim().min(1).max(2048),
  owners: ownerList.optional(),
  tags: z.array(z.string().max(256)).max(100).optional(),
  description: z.string().max(4096).optional(),
  /** When the definition took effect; defaults to the earliest training set of the document using it. */
  createdAt: time.optional(),
  features: z.array(featureSchema).min(1).max(10_000),
});

export const trainingSetSchema = z.strictObject({
  namespace,
  name,
  version: versionText,
  createdAt: time,
  /** `featureView:feature` or a `datasetField:` id. */
  features: z.array(z.string().trim().min(1).max(2048)).min(1).max(10_000),
  /** A `datasetField:` id, or `featureView:feature`. */
  label: z.string().trim().min(1).max(2048),
  owners: ownerList.optional(),
  description: z.string().max(4096).optional(),
});

export const trainingSetRefSchema = z.strictObject({ namespace, name, version: versionText });

export const modelVersionSchema = z.strictObject({
  version: versionText,
  trainingSet: trainingSetRefSchema,
  params: jsonRecord.default({}),
  metrics: z.record(z.string(), z.number()).default({}),
  codeVersion: z.string().trim().max(256).optional(),
  createdAt: time,
  description: z.string().max(4096).optional(),
});

export const modelSchema = z.strictObject({
  namespace,
  name,
  owners: ownerList.optional(),
  tags: z.array(z.string().max(256)).max(100).optional(),
  description: z.string().max(4096).optional(),
  versions: z.array(modelVersionSchema).max(10_000).default([]),
});

export const deploymentSchema = z.strictObject({
  namespace,
  name,
  /** A `modelVersion:NS:NAME:VERSION` id. */
  modelVersion: z.string().trim().min(1).max(2048),
  /** When it started serving that model version; defaults to the time of the apply. */
  from: time.optional(),
  /** When it stopped serving (retired); absent while it serves. A later `from` deploys it again. */
  to: time.optional(),
  owners: ownerList.optional(),
  description: z.string().max(4096).optional(),
});

export const syntheticSchema = z.strictObject({
  /** The `modelVersion:` id of the generator. */
  generator: z.string().trim().min(1).max(2048),
  /** The `dataset:` id of the real data the generator was fitted on. */
  seed: z.string().trim().min(1).max(2048),
  metrics: z.record(z.string(), z.number()).default({}),
});

export const datasetSchema = z.strictObject({
  namespace,
  name,
  createdAt: time.optional(),
  owners: ownerList.optional(),
  description: z.string().max(4096).optional(),
  fields: z
    .array(z.strictObject({ name: z.string().trim().min(1).max(256), type: z.string().max(128).optional() }))
    .optional(),
  synthetic: syntheticSchema.optional(),
});

export const manifestSchema = z.strictObject({
  featureViews: z.array(featureViewSchema).max(10_000).default([]),
  trainingSets: z.array(trainingSetSchema).max(10_000).default([]),
  models: z.array(modelSchema).max(10_000).default([]),
  deployments: z.array(deploymentSchema).max(10_000).default([]),
  datasets: z.array(datasetSchema).max(10_000).default([]),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FeatureViewSpec = z.infer<typeof featureViewSchema>;
export type TrainingSetSpec = z.infer<typeof trainingSetSchema>;
export type ModelSpec = z.infer<typeof modelSchema>;
export type ModelVersionSpec = z.infer<typeof modelVersionSchema>;
export type DeploymentSpec = z.infer<typeof deploymentSchema>;
export type DatasetSpec = z.infer<typeof datasetSchema>;
