import { z } from 'zod';

const record = z.record(z.string(), z.unknown());
const nullableString = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export const ownerSchema = z.union([
  z.string().transform((name) => ({ name, type: undefined })),
  z.looseObject({ name: z.string(), type: z.string().optional() }),
]);

export const graphNodeSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['dataset', 'datasetField', 'job', 'run', 'model', 'modelVersion', 'deployment', 'assertion']),
  namespace: z.string().default(''),
  name: z.string().default(''),
  subtype: nullableString,
  description: nullableString,
  owners: z.array(ownerSchema).default([]),
  tags: z.array(z.string()).default([]),
  facets: record.default({}),
  attributes: record.default({}),
  createdAt: z.string().default(''),
  updatedAt: z.string().default(''),
  deletedAt: nullableString,
  pii: z.unknown().optional(),
});

export const lineageNodeSchema = graphNodeSchema.extend({ depth: z.number().default(0) });

const transformationSchema = z.looseObject({
  type: z.enum(['DIRECT', 'INDIRECT']),
  subtype: z.string().optional(),
  description: z.string().optional(),
  masking: z.boolean().optional(),
});

export const graphEdgeSchema = z.looseObject({
  kind: z.enum(['INPUT', 'OUTPUT', 'DERIVES', 'TRAINED_ON', 'SERVES']),
  source: z.string(),
  target: z.string(),
  origin: z.enum(['facet', 'sql', 'dbt', 'api', 'ml']).catch('api'),
  via: nullableString,
  transformations: z.array(transformationSchema).default([]),
  attributes: record.default({}),
  validFrom: z.string().default(''),
  validTo: nullableString,
});

export const lineageSchema = z.object({
  nodes: z.array(lineageNodeSchema),
  edges: z.array(graphEdgeSchema),
  partial: z.boolean().default(false),
});

export const searchSchema = z.object({ items: z.array(graphNodeSchema), total: z.number().default(0) });

export const schemaFieldSchema: z.ZodType<SchemaFieldShape> = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    type: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    tags: z.array(z.unknown()).optional(),
    fields: z.array(schemaFieldSchema).optional(),
  }),
);
export interface SchemaFieldShape {
  name: string;
  type?: string | null | undefined;
  description?: string | null | undefined;
  tags?: unknown[] | undefined;
  fields?: SchemaFieldShape[] | undefined;
}

export const marquezRunSchema = z.looseObject({
  id: z.string(),
  createdAt: z.string().nullable().optional(),
  state: z.string().default('OTHER'),
  startedAt: z.string().nullable().optional(),
  endedAt: z.string().nullable().optional(),
  durationMs: z.number().nullable().optional(),
  facets: record.nullable().optional(),
});

export const marquezDatasetVersionSchema = z.looseObject({
  version: z.string(),
  createdAt: z.string(),
  fields: z.array(schemaFieldSchema).default([]),
  createdByRun: marquezRunSchema.nullable().optional(),
  lifecycleState: z.string().nullable().optional(),
  facets: record.nullable().optional(),
});

export const marquezJobVersionSchema = z.looseObject({
  version: z.string(),
  createdAt: z.string(),
  inputs: z.array(z.looseObject({ namespace: z.string(), name: z.string() })).default([]),
  outputs: z.array(z.looseObject({ namespace: z.string(), name: z.string() })).default([]),
  context: record.nullable().optional(),
});

export const datasetVersionsSchema = z.object({
  versions: z.array(marquezDatasetVersionSchema),
  totalCount: z.number().optional(),
});
export const jobVersionsSchema = z.object({
  versions: z.array(marquezJobVersionSchema),
  totalCount: z.number().optional(),
});
export const jobRunsSchema = z.object({ runs: z.array(marquezRunSchema), totalCount: z.number().optional() });

/** `/api/v2/nodes/{id}`: the node, its fields (datasets) and its latest version; a bare node is accepted too. */
export const nodeDetailSchema = z.union([
  z
    .looseObject({
      node: graphNodeSchema,
      fields: z.array(graphNodeSchema).default([]),
      version: z.unknown().optional(),
      latestVersion: z.unknown().optional(),
    })
    .transform((b) => ({ node: b.node, fields: b.fields, version: b.version ?? b.latestVersion ?? null })),
  graphNodeSchema.transform((node) => ({ node, fields: [], version: null })),
]);

export const runSchema = z.looseObject({
  runId: z.string(),
  jobId: z.string(),
  state: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable().optional(),
  endedAt: z.string().nullable().optional(),
  errorMessage: z.string().nullable().optional(),
});
export type RunSummary = z.infer<typeof runSchema>;

export const runsSchema = z.union([
  z.looseObject({ items: z.array(runSchema) }).transform((b) => b.items),
  z.looseObject({ runs: z.array(runSchema) }).transform((b) => b.runs),
  z.array(runSchema),
]);

export const assertionResultSchema = z.looseObject({
  nodeId: z.string(),
  assertion: z.string(),
  status: z.string(),
  at: z.string(),
  severity: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AssertionResultRow = z.infer<typeof assertionResultSchema>;

export const assertionsSchema = z.union([
  z.looseObject({ items: z.array(assertionResultSchema) }).transform((b) => b.items),
  z.looseObject({ results: z.array(assertionResultSchema) }).transform((b) => b.results),
  z.looseObject({ assertions: z.array(assertionResultSchema) }).transform((b) => b.assertions),
  z.array(assertionResultSchema),
]);

export const marquezDatasetSchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  fields: z.array(schemaFieldSchema).default([]),
  currentVersion: z.string().nullable().optional(),
  facets: record.nullable().optional(),
});
