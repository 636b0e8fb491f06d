import { z } from 'zod';

/**
 * The parts of a dbt manifest (schema v4 to v12) that Rootline reads. Unknown keys are dropped,
 * never rejected: dbt adds fields in every release. Fields that moved between versions
 * (`raw_sql` -> `raw_code`, `compiled_sql` -> `compiled_code`, `refs` as lists -> objects) are
 * all accepted here and normalised by the mapping.
 */

const stringList = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((value) => (value === null || value === undefined ? [] : typeof value === 'string' ? [value] : value));

const meta = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value) => value ?? {});

export const dbtColumnSchema = z.object({
  name: z.string(),
  description: z.string().nullish(),
  meta,
  data_type: z.string().nullish(),
  tags: stringList,
});

const dependsOn = z
  .object({ nodes: z.array(z.string()).nullish(), macros: z.array(z.string()).nullish() })
  .nullish()
  .transform((value) => ({ nodes: value?.nodes ?? [], macros: value?.macros ?? [] }));

const nodeConfig = z
  .object({
    enabled: z.boolean().nullish(),
    materialized: z.string().nullish(),
    tags: stringList,
    meta,
    group: z.string().nullish(),
    severity: z.string().nullish(),
  })
  .nullish()
  .transform((value) => value ?? { tags: [], meta: {} });

const columns = z
  .record(z.string(), dbtColumnSchema)
  .nullish()
  .transform((value) => value ?? {});

export const dbtNodeSchema = z.object({
  unique_id: z.string(),
  resource_type: z.string(),
  name: z.string(),
  package_name: z.string().nullish(),
  database: z.string().nullish(),
  schema: z.string().nullish(),
  alias: z.string().nullish(),
  relation_name: z.string().nullish(),
  description: z.string().nullish(),
  tags: stringList,
  meta,
  group: z.string().nullish(),
  config: nodeConfig,
  columns,
  depends_on: dependsOn,
  raw_code: z.string().nullish(),
  raw_sql: z.string().nullish(),
  compiled_code: z.string().nullish(),
  compiled_sql: z.string().nullish(),
  language: z.string().nullish(),
  original_file_path: z.string().nullish(),
  test_metadata: z
    .object({ name: z.string(), kwargs: z.record(z.string(), z.unknown()).nullish(), namespace: z.string().nullish() })
    .nullish(),
  column_name: z.string().nullish(),
  attached_node: z.string().nullish(),
  version: z.union([z.string(), z.number()]).nullish(),
});

export const dbtSourceSchema = z.object({
  unique_id: z.string(),
  name: z.string(),
  source_name: z.string(),
  package_name: z.string().nullish(),
  database: z.string().nullish(),
  schema: z.string().nullish(),
  identifier: z.string().nullish(),
  relation_name: z.string().nullish(),
  description: z.string().nullish(),
  source_description: z.string().nullish(),
  loader: z.string().nullish(),
  tags: stringList,
  meta,
  source_meta: meta,
  columns,
  original_file_path: z.string().nullish(),
});

const exposureOwner = z
  .object({ name: z.string().nullish(), email: z.string().nullish() })
  .nullish()
  .transform((value) => value ?? {});

export const dbtExposureSchema = z.object({
  unique_id: z.string(),
  name: z.string(),
  type: z.string(),
  owner: exposureOwner,
  label: z.string().nullish(),
  description: z.string().nullish(),
  maturity: z.string().nullish(),
  url: z.string().nullish(),
  tags: stringList,
  meta,
  depends_on: dependsOn,
});

export const dbtGroupSchema = z.object({ name: z.string(), owner: exposureOwner });

export const dbtManifestSchema = z.object({
  metadata: z.object({
    dbt_schema_version: z.string(),
    dbt_version: z.string().nullish(),
    generated_at: z.string().nullish(),
    invocation_id: z.string().nullish(),
    project_id: z.string().nullish(),
    project_name: z.string().nullish(),
    adapter_type: z.string().nullish(),
  }),
  nodes: z.record(z.string(), dbtNodeSchema),
  sources: z
    .record(z.string(), dbtSourceSchema)
    .nullish()
    .transform((value) => value ?? {}),
  exposures: z
    .record(z.string(), dbtExposureSchema)
    .nullish()
    .transform((value) => value ?? {}),
  groups: z
    .record(z.string(), dbtGroupSchema)
    .nullish()
    .transform((value) => value ?? {}),
});

export type DbtManifest = z.output<typeof dbtManifestSchema>;
export type DbtNode = z.output<typeof dbtNodeSchema>;
export type DbtSource = z.output<typeof dbtSourceSchema>;
export type DbtExposure = z.output<typeof dbtExposureSchema>;
export type DbtColumn = z.output<typeof dbtColumnSchema>;
