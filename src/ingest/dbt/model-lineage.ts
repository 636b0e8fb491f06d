import { z } from 'zod';
import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import type { Diagnostic } from '../../model/graph.js';
import { analyzerSchema, type DerivedLineage, type DeriveOptions, deriveLineage } from './derive-lineage.js';

/**
 * What the last analysis of a model found, kept on its job node (`attributes.dbtLineage`) so the
 * next ingestion of the same project can skip the analyzer for a model whose SQL and input
 * schemas did not change: in CI most models are unchanged between two `dbt build`s.
 */
export interface LineageCache {
  key: string;
  columns: string[];
  complete: boolean;
  diagnostics: Diagnostic[];
}

export interface ModelLineage {
  /** Fresh lineage, or null when the cached analysis was reused (its edges stay as they are). */
  derived: DerivedLineage | null;
  columns: string[];
  complete: boolean;
  diagnostics: Diagnostic[];
  cache: LineageCache;
}

/** Bumped when the mapping of analyzer output changes, so older cached analyses are redone. */
const CACHE_FORMAT = 1;

/**
 * Column lineage of one model: the cached analysis when its key (SQL, dialect, defaults and the
 * input schemas the analyzer would get) matches and `reanalyze` is not set, else a fresh one.
 */
export async function lineageOfModel(
  sql: string,
  options: DeriveOptions & { previous: LineageCache | null; reanalyze: boolean },
): Promise<ModelLineage> {
  const key = sha256(
    canonicalJson({
      format: CACHE_FORMAT,
      sql,
      dialect: options.dialect,
      output: options.self.datasetId,
      database: options.self.database,
      schema: options.self.schema,
      inputs: analyzerSchema(options),
      relations: options.inputs.map((input) => `${input.datasetId} ${input.relationName}`).sort(),
    }),
  );
  const previous = options.previous;
  if (previous !== null && previous.key === key && !options.reanalyze) {
    return {
      derived: null,
      columns: previous.columns,
      complete: previous.complete,
      diagnostics: previous.diagnostics,
      cache: previous,
    };
  }
  const derived = await deriveLineage(sql, options);
  const cache = { key, columns: derived.columns, complete: derived.complete, diagnostics: derived.diagnostics };
  return { derived, columns: derived.columns, complete: derived.complete, diagnostics: derived.diagnostics, cache };
}

const cacheSchema = z.object({
  key: z.string(),
  columns: z.array(z.string()),
  complete: z.boolean(),
  diagnostics: z.array(
    z.object({
      severity: z.enum(['error', 'warning', 'info']),
      code: z.string(),
      message: z.string(),
      path: z.string().optional(),
    }),
  ),
});

/** Reads a cache entry back from a job node's attributes; anything malformed is no cache. */
export function readLineageCache(value: unknown): LineageCache | null {
  const parsed = cacheSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
