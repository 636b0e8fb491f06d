import { z } from 'zod';

/** The parts of a dbt catalog (schema v1, written by `dbt docs generate`) that Rootline reads. */

const catalogTable = z.object({
  metadata: z.object({
    type: z.string().nullish(),
    database: z.string().nullish(),
    schema: z.string().nullish(),
    name: z.string(),
    comment: z.string().nullish(),
    owner: z.string().nullish(),
  }),
  columns: z.record(
    z.string(),
    z.object({
      name: z.string(),
      type: z.string().nullish(),
      index: z.number().nullish(),
      comment: z.string().nullish(),
    }),
  ),
  unique_id: z.string().nullish(),
});

export const dbtCatalogSchema = z.object({
  metadata: z.object({
    dbt_schema_version: z.string(),
    dbt_version: z.string().nullish(),
    generated_at: z.string().nullish(),
    invocation_id: z.string().nullish(),
  }),
  nodes: z.record(z.string(), catalogTable),
  sources: z
    .record(z.string(), catalogTable)
    .nullish()
    .transform((value) => value ?? {}),
});

export type DbtCatalog = z.output<typeof dbtCatalogSchema>;
export type DbtCatalogTable = z.output<typeof catalogTable>;
