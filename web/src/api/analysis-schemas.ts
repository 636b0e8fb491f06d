import { z } from 'zod';

export const affectedSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  subtype: z.string().nullable().optional(),
  name: z.string().optional(),
  depth: z.number(),
  severity: z.string(),
  path: z.array(z.string()).default([]),
  owners: z.array(z.union([z.string(), z.looseObject({ name: z.string() }).transform((o) => o.name)])).default([]),
  live: z.boolean().optional(),
});
export type Affected = z.infer<typeof affectedSchema>;

export const impactSchema = z.looseObject({
  node: z.string(),
  affected: z.array(affectedSchema),
  summary: z.record(z.string(), z.number()).default({}),
  owners: z.array(z.string()).default([]),
  partial: z.boolean().default(false),
});
export type Impact = z.infer<typeof impactSchema>;

export const causeSchema = z.looseObject({
  kind: z.string(),
  node: z.string(),
  distance: z.number(),
  path: z.array(z.string()).default([]),
  at: z.string(),
  score: z.number(),
  summary: z.string(),
  evidence: z
    .array(
      z.looseObject({
        at: z.string(),
        detail: z.string(),
        runId: z.string().optional(),
        eventSeq: z.number().optional(),
        version: z.string().optional(),
      }),
    )
    .default([]),
});
export type Cause = z.infer<typeof causeSchema>;

export const rootCauseSchema = z.looseObject({
  node: z.string(),
  since: z.string().optional(),
  candidates: z.array(causeSchema),
  upstreamNodes: z.number().optional(),
  partial: z.boolean().default(false),
});
export type RootCause = z.infer<typeof rootCauseSchema>;

export const healthSchema = z.looseObject({
  checked: z.looseObject({ datasets: z.number(), jobs: z.number(), models: z.number() }).optional(),
  sections: z.array(
    z.looseObject({
      check: z.string(),
      title: z.string(),
      count: z.number(),
      items: z.array(z.looseObject({ id: z.string(), detail: z.string() })).default([]),
    }),
  ),
  problems: z.number().default(0),
});
export type Health = z.infer<typeof healthSchema>;

export const schemaChangeSchema = z.looseObject({
  dataset: z.string(),
  version: z.string().optional(),
  at: z.string(),
  change: z.string(),
  column: z.string(),
  detail: z.string().nullable().optional(),
  impacted: z.array(affectedSchema).default([]),
  summary: z.record(z.string(), z.number()).default({}),
  owners: z.array(z.string()).default([]),
});
export type SchemaChange = z.infer<typeof schemaChangeSchema>;

/** `/api/v2/changes` answers a list under `changes` or `items`. */
export const changesSchema = z.union([
  z.looseObject({ changes: z.array(schemaChangeSchema) }).transform((b) => b.changes),
  z.looseObject({ items: z.array(schemaChangeSchema) }).transform((b) => b.items),
  z.looseObject({ findings: z.array(schemaChangeSchema) }).transform((b) => b.findings),
  z.array(schemaChangeSchema),
]);

export const traceSchema = z.looseObject({
  prediction: z.string(),
  time: z.string(),
  deployment: z.string(),
  modelVersion: z.string(),
  trainingSet: z.looseObject({ id: z.string(), version: z.string().nullable().optional() }).nullable().optional(),
  features: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      value: z.unknown(),
      sources: z.array(z.string()).default([]),
      paths: z.array(z.array(z.string())).default([]),
      masked: z.boolean().optional(),
    }),
  ),
  sources: z.array(z.string()).default([]),
  output: z.unknown().optional(),
});
export type Trace = z.infer<typeof traceSchema>;

export const leakageSchema = z.looseObject({
  trainingSet: z.string(),
  version: z.string().nullable().optional(),
  findings: z.array(
    z.looseObject({
      feature: z.string(),
      label: z.string(),
      shared: z.array(z.string()).default([]),
      featurePath: z.array(z.string()).default([]),
      labelPath: z.array(z.string()).default([]),
    }),
  ),
});
export type Leakage = z.infer<typeof leakageSchema>;

export const piiReportSchema = z.looseObject({
  tagged: z.array(z.string()).default([]),
  derived: z.array(z.looseObject({ id: z.string(), origins: z.array(z.string()).default([]) })).default([]),
});
export type PiiReport = z.infer<typeof piiReportSchema>;
