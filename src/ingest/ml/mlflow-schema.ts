import { z } from 'zod';

/**
 * The MLflow REST API 2.0 answers the importer reads. MLflow sends tags as `[{key, value}]` and a
 * dataset's `source` and `schema` as JSON text; exports made with mlflow-tools carry them as
 * objects, so both are accepted. Objects stay loose: newer servers add fields.
 */

const tagValue = z.unknown().transform((value) => (typeof value === 'string' ? value : JSON.stringify(value ?? '')));

const keyValues = z
  .union([z.array(z.looseObject({ key: z.string(), value: tagValue })), z.record(z.string(), tagValue)])
  .optional()
  .transform((value): Record<string, string> => {
    if (!value) return {};
    if (Array.isArray(value)) return Object.fromEntries(value.map((t) => [t.key, t.value]));
    return value;
  });

const jsonText = z.unknown().transform((value): unknown => {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch (error) {
    if (error instanceof SyntaxError) return value;
    throw error;
  }
});

const timestamp = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional();

export const registeredModelSchema = z.looseObject({
  name: z.string().min(1),
  creation_timestamp: timestamp,
  last_updated_timestamp: timestamp,
  description: z.string().optional(),
  tags: keyValues,
  aliases: z.array(z.looseObject({ alias: z.string(), version: z.string() })).default([]),
});

export const modelVersionSchema = z.looseObject({
  name: z.string().min(1),
  version: z.union([z.string().min(1), z.number().transform(String)]),
  creation_timestamp: timestamp,
  current_stage: z.string().optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  run_id: z.string().optional(),
  status: z.string().optional(),
  tags: keyValues,
});

const datasetInputSchema = z.looseObject({
  tags: keyValues,
  dataset: z.looseObject({
    name: z.string().default('dataset'),
    digest: z.string().default(''),
    source_type: z.string().default(''),
    source: jsonText,
    schema: jsonText,
    profile: jsonText.optional(),
  }),
});

export const runSchema = z.looseObject({
  info: z.looseObject({
    run_id: z.string().optional(),
    run_uuid: z.string().optional(),
    experiment_id: z.string().optional(),
    start_time: timestamp,
    end_time: timestamp,
    status: z.string().optional(),
  }),
  data: z
    .looseObject({
      metrics: z
        .array(z.looseObject({ key: z.string(), value: z.number().nullable(), timestamp: timestamp, step: timestamp }))
        .default([]),
      params: keyValues,
      tags: keyValues,
    })
    .default({ metrics: [], params: {}, tags: {} }),
  inputs: z.looseObject({ dataset_inputs: z.array(datasetInputSchema).default([]) }).default({ dataset_inputs: [] }),
});

export const searchRegisteredModelsSchema = z.looseObject({
  registered_models: z.array(registeredModelSchema).default([]),
  next_page_token: z.string().optional(),
});

export const searchModelVersionsSchema = z.looseObject({
  model_versions: z.array(modelVersionSchema).default([]),
  next_page_token: z.string().optional(),
});

export const getRunSchema = z.looseObject({ run: runSchema });

export type MlflowRegisteredModel = z.infer<typeof registeredModelSchema>;
export type MlflowModelVersion = z.infer<typeof modelVersionSchema>;
export type MlflowRun = z.infer<typeof runSchema>;
export type MlflowDatasetInput = z.infer<typeof datasetInputSchema>;
