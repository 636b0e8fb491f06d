import { z } from 'zod';
import { parseEventTime } from './event-time.js';

/**
 * zod schemas of the standard OpenLineage facets Rootline interprets (spec facets at the corpus
 * commit; field names and required members as in `spec/facets/*.json`). Every object is loose:
 * producers add their own members and the raw facet is stored verbatim anyway.
 *
 * `_producer` and `_schemaURL` are required by the spec's BaseFacet but many real producers
 * (Spark, Hive, Flink, legacy Airflow) omit them on some facets; their absence says nothing about
 * the facet's content, so it is accepted. `_deleted: null` (the dbt integration) reads as absent.
 */
const base = {
  _producer: z.string().optional(),
  _schemaURL: z.string().optional(),
  _deleted: z.boolean().nullable().optional(),
};

/** A date-time with a zone, read into canonical UTC ISO form. */
const dateTime = z.string().transform((text, context) => {
  const parsed = parseEventTime(text);
  if (parsed.kind === 'ok' && parsed.hasOffset) return parsed.iso;
  context.addIssue({
    code: 'custom',
    message: 'must be an RFC 3339 date-time with a time zone (e.g. 2026-10-02T06:00:00Z)',
  });
  return z.NEVER;
});

export interface SchemaFieldFacet {
  name: string;
  type?: string | undefined;
  description?: string | undefined;
  ordinal_position?: number | undefined;
  fields?: SchemaFieldFacet[] | undefined;
}

const schemaField: z.ZodType<SchemaFieldFacet> = z.lazy(() =>
  z.looseObject({
    name: z.string().min(1),
    type: z.string().optional(),
    description: z.string().optional(),
    ordinal_position: z.number().int().optional(),
    fields: z.array(schemaField).optional(),
  }),
);

export const schemaFacet = z.looseObject({ ...base, fields: z.array(schemaField).optional() });

const transformationType = z.preprocess(
  (value) => (typeof value === 'string' ? value.toUpperCase() : value),
  z.enum(['DIRECT', 'INDIRECT']),
);

const transformation = z.looseObject({
  type: transformationType,
  subtype: z.string().optional(),
  description: z.string().optional(),
  masking: z.boolean().optional(),
});

const inputField = z.looseObject({
  namespace: z.string().min(1),
  name: z.string().min(1),
  field: z.string().min(1),
  transformations: z.array(transformation).optional(),
});

export const columnLineageFacet = z.looseObject({
  ...base,
  fields: z.record(
    z.string(),
    z.looseObject({
      inputFields: z.array(inputField),
      transformationDescription: z.string().optional(),
      transformationType: z.string().optional(),
    }),
  ),
  dataset: z.array(inputField).optional(),
});

export const documentationFacet = z.looseObject({
  ...base,
  description: z.string(),
  contentType: z.string().optional(),
});

export const ownershipFacet = z.looseObject({
  ...base,
  owners: z.array(z.looseObject({ name: z.string().min(1), type: z.string().optional() })).optional(),
});

export const dataSourceFacet = z.looseObject({ ...base, name: z.string().optional(), uri: z.string().optional() });

export const symlinksFacet = z.looseObject({
  ...base,
  identifiers: z
    .array(z.looseObject({ namespace: z.string().min(1), name: z.string().min(1), type: z.string() }))
    .optional(),
});

export const LIFECYCLE_STATES = ['ALTER', 'CREATE', 'DROP', 'OVERWRITE', 'RENAME', 'TRUNCATE'] as const;

export const lifecycleStateChangeFacet = z.looseObject({
  ...base,
  lifecycleStateChange: z.enum(LIFECYCLE_STATES),
  previousIdentifier: z.looseObject({ name: z.string(), namespace: z.string() }).optional(),
});

export const dataQualityAssertionsFacet = z.looseObject({
  ...base,
  assertions: z.array(
    z.looseObject({
      assertion: z.string().min(1),
      success: z.boolean(),
      column: z.string().optional(),
      severity: z.string().optional(),
      name: z.string().optional(),
      description: z.string().optional(),
      expected: z.string().optional(),
      actual: z.string().optional(),
      content: z.string().optional(),
      contentType: z.string().optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

const columnMetrics = z.looseObject({
  nullCount: z.number().int().optional(),
  distinctCount: z.number().int().optional(),
  sum: z.number().optional(),
  count: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  quantiles: z.record(z.string(), z.number()).optional(),
});

export const dataQualityMetricsFacet = z.looseObject({
  ...base,
  rowCount: z.number().int().optional(),
  bytes: z.number().int().optional(),
  fileCount: z.number().int().optional(),
  lastUpdated: dateTime.optional(),
  columnMetrics: z.record(z.string(), columnMetrics),
});

export const outputStatisticsFacet = z.looseObject({
  ...base,
  rowCount: z.number().int().optional(),
  size: z.number().int().optional(),
  fileCount: z.number().int().optional(),
});

export const tagsFacet = z.looseObject({
  ...base,
  tags: z
    .array(
      z.looseObject({
        key: z.string().min(1),
        value: z.string(),
        source: z.string().optional(),
        field: z.string().optional(),
      }),
    )
    .optional(),
});

export const datasetVersionFacet = z.looseObject({ ...base, datasetVersion: z.string().min(1) });

export const datasetTypeFacet = z.looseObject({ ...base, datasetType: z.string(), subType: z.string().optional() });

export const sqlFacet = z.looseObject({ ...base, query: z.string(), dialect: z.string().optional() });

export const jobTypeFacet = z.looseObject({
  ...base,
  processingType: z.string(),
  integration: z.string(),
  jobType: z.string().optional(),
});

export const parentRunFacet = z.looseObject({
  ...base,
  run: z.looseObject({ runId: z.string().min(1) }),
  job: z.looseObject({ namespace: z.string().min(1), name: z.string().min(1) }),
  root: z
    .looseObject({
      run: z.looseObject({ runId: z.string().min(1) }),
      job: z.looseObject({ namespace: z.string().min(1), name: z.string().min(1) }),
    })
    .optional(),
});

export const errorMessageFacet = z.looseObject({
  ...base,
  message: z.string(),
  programmingLanguage: z.string(),
  stackTrace: z.string().optional(),
});

export const nominalTimeFacet = z.looseObject({
  ...base,
  nominalStartTime: dateTime,
  nominalEndTime: dateTime.optional(),
});

/** Facets of a dataset (`facets`, `inputFacets` or `outputFacets`; quality facets occur in all three). */
export const DATASET_FACET_SCHEMAS = {
  schema: schemaFacet,
  columnLineage: columnLineageFacet,
  documentation: documentationFacet,
  ownership: ownershipFacet,
  dataSource: dataSourceFacet,
  symlinks: symlinksFacet,
  lifecycleStateChange: lifecycleStateChangeFacet,
  tags: tagsFacet,
  version: datasetVersionFacet,
  datasetType: datasetTypeFacet,
  dataQualityAssertions: dataQualityAssertionsFacet,
  dataQualityMetrics: dataQualityMetricsFacet,
  outputStatistics: outputStatisticsFacet,
  inputStatistics: outputStatisticsFacet,
} as const;

export const JOB_FACET_SCHEMAS = {
  sql: sqlFacet,
  documentation: documentationFacet,
  ownership: ownershipFacet,
  jobType: jobTypeFacet,
  tags: tagsFacet,
} as const;

export const RUN_FACET_SCHEMAS = {
  parent: parentRunFacet,
  errorMessage: errorMessageFacet,
  nominalTime: nominalTimeFacet,
  tags: tagsFacet,
} as const;

type Parsed<T extends Record<string, z.ZodType>> = { [K in keyof T]?: z.output<T[K]> };

/** The standard facets of one dataset that passed their schema, merged across its facet containers. */
export type DatasetFacets = Parsed<typeof DATASET_FACET_SCHEMAS>;
export type JobFacets = Parsed<typeof JOB_FACET_SCHEMAS>;
export type RunFacets = Parsed<typeof RUN_FACET_SCHEMAS>;
export type ColumnLineageFacet = z.output<typeof columnLineageFacet>;
