import { z } from 'zod';
import { issueSchema } from './http-schemas.js';

/** Shapes of the server's ML answers (apply, predictions, trace, leakage, reproduce), checked before the CLI trusts them. */

export const applyResultSchema = z.object({
  status: z.enum(['accepted', 'duplicate', 'unchanged']),
  seq: z.number().nullable(),
  counts: z.object({
    featureViews: z.number(),
    trainingSets: z.number(),
    models: z.number(),
    modelVersions: z.number(),
    deployments: z.number(),
    datasets: z.number(),
  }),
  warnings: z.array(issueSchema),
});

export const predictionBatchSchema = z.object({
  written: z.boolean(),
  inserted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  outcomes: z.array(
    z.object({
      index: z.number(),
      id: z.string().nullable(),
      status: z.enum(['inserted', 'duplicate', 'rejected', 'skipped']),
      modelVersion: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.enum(['invalid', 'conflict']) })),
    }),
  ),
});

const ref = z.object({ id: z.string(), version: z.string() });

export const traceSchema = z.object({
  prediction: z.string(),
  time: z.string(),
  deployment: z.string(),
  modelVersion: z.string(),
  trainingSet: ref.nullable(),
  features: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      value: z.unknown(),
      sources: z.array(z.string()),
      paths: z.array(z.array(z.string())),
    }),
  ),
  sources: z.array(z.string()),
});

export const leakageSchema = z.object({
  trainingSet: z.string(),
  version: z.string(),
  findings: z.array(
    z.object({
      feature: z.string(),
      label: z.string(),
      shared: z.array(z.string()),
      featurePath: z.array(z.string()),
      labelPath: z.array(z.string()),
    }),
  ),
});

const column = z.object({ field: z.string(), name: z.string(), source: z.string() });

export const recipeSchema = z.object({
  modelVersion: z.string(),
  createdAt: z.string().nullable(),
  codeVersion: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  trainingSet: z.object({ id: z.string(), version: z.string(), createdAt: z.string().nullable() }).nullable(),
  features: z.array(column),
  label: column.nullable(),
  datasets: z.array(z.object({ id: z.string(), version: z.string().nullable(), createdAt: z.string().nullable() })),
  jobs: z.array(z.object({ id: z.string(), version: z.string().nullable(), sql: z.string().nullable() })),
  partial: z.boolean(),
});
