import { z } from 'zod';

/** The parts of dbt's run_results.json (schema v4 to v6) that Rootline reads. */

export const dbtRunResultSchema = z.object({
  unique_id: z.string(),
  status: z.string(),
  timing: z
    .array(z.object({ name: z.string(), started_at: z.string().nullish(), completed_at: z.string().nullish() }))
    .nullish()
    .transform((value) => value ?? []),
  execution_time: z.number().nullish(),
  message: z.string().nullish(),
  // dbt writes a count; some adapters and older versions write it as a string.
  failures: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((value) =>
      typeof value === 'string' ? (Number.isFinite(Number(value)) ? Number(value) : null) : value,
    ),
  compiled_code: z.string().nullish(),
  relation_name: z.string().nullish(),
});

export const dbtRunResultsSchema = z.object({
  metadata: z.object({
    dbt_schema_version: z.string(),
    dbt_version: z.string().nullish(),
    generated_at: z.string().nullish(),
    invocation_id: z.string().nullish(),
  }),
  results: z.array(dbtRunResultSchema),
  elapsed_time: z.number().nullish(),
  args: z
    .object({ which: z.string().nullish() })
    .nullish()
    .transform((value) => ({ which: value?.which ?? null })),
});

export type DbtRunResults = z.output<typeof dbtRunResultsSchema>;
export type DbtRunResult = z.output<typeof dbtRunResultSchema>;
