import type { Diagnostic, Transformation } from '../../model/graph.js';
import type { AnalyzeSqlOptions, InputField, SqlLineageResult } from '../../sql/types.js';
import type { DbtRelation } from './project-index.js';

/** The SQL analyzer's entry point (`analyzeSql` of src/sql), injectable so mapping stays testable. */
export type AnalyzeSql = (sql: string, options: AnalyzeSqlOptions) => SqlLineageResult | Promise<SqlLineageResult>;

export interface DerivedInput {
  relation: DbtRelation;
  field: string;
  transformations: Transformation[];
}

/** Column lineage of one model: `outputField` null is a dependency of every output row. */
export interface DerivedField {
  outputField: string | null;
  inputs: DerivedInput[];
}

export interface DerivedLineage {
  /** Output columns in select order. */
  columns: string[];
  /** False when a star could not be expanded or the SQL did not parse: `columns` may be short. */
  complete: boolean;
  fields: DerivedField[];
  diagnostics: Diagnostic[];
}

export interface DeriveOptions {
  analyze: AnalyzeSql;
  dialect: string;
  self: DbtRelation;
  /** The relations the model depends on (ephemeral ones already replaced by their inputs). */
  inputs: readonly DbtRelation[];
  /** Known columns of an input relation, or null. */
  columnsOf(relation: DbtRelation): readonly string[] | null;
}

/**
 * Runs the analyzer over a model's compiled SQL and resolves every table it names to one of the
 * model's `depends_on` relations by `relation_name` (quotes ignored, case-insensitive, then by
 * a unique trailing part when the SQL qualifies the name less). A table that matches none is a diagnostic, never a guess.
 */
export async function deriveLineage(sql: string, options: DeriveOptions): Promise<DerivedLineage> {
  const schema = analyzerSchema(options);
  const result = await options.analyze(sql, {
    dialect: options.dialect,
    schema,
    ...(options.self.database ? { defaultDatabase: options.self.database } : {}),
    ...(options.self.schema ? { defaultSchema: options.self.schema } : {}),
  });
  const diagnostics: Diagnostic[] = result.diagnostics.map((d) => ({
    severity: d.severity,
    code: `sql.${d.code}`,
    message: d.message,
    ...(d.line !== undefined ? { path: `sql:${d.line}:${d.column ?? 1}` } : {}),
  }));
  // A model's SQL is a SELECT: its lineage is the result set's. A model written as DDL or DML
  // (rare, e.g. a custom materialization) has an output table instead.
  const output = result.queries?.at(-1) ?? result.outputs.at(-1);
  if (!output) return { columns: [], complete: false, fields: [], diagnostics };
  const resolve = createTableResolver(options.inputs);
  const unresolved = new Set<string>();
  let complete = !result.diagnostics.some((d) => d.severity === 'error' || d.code.includes('star'));
  const toInputs = (inputFields: readonly InputField[]): DerivedInput[] => {
    const out: DerivedInput[] = [];
    for (const input of inputFields) {
      const relation = resolve(input.name);
      if (!relation) {
        unresolved.add(input.name);
        continue;
      }
      if (input.field === '*') {
        complete = false;
        continue;
      }
      out.push({ relation, field: input.field, transformations: input.transformations.map(toTransformation) });
    }
    return out;
  };
  const fields: DerivedField[] = Object.entries(output.columnLineage.fields).map(([outputField, lineage]) => ({
    outputField,
    inputs: toInputs(lineage.inputFields),
  }));
  if (output.columnLineage.dataset.length > 0) {
    fields.push({ outputField: null, inputs: toInputs(output.columnLineage.dataset) });
  }
  for (const name of [...unresolved].sort()) {
    diagnostics.push({
      severity: 'warning',
      code: 'dbt.unresolved-table',
      message: `the SQL reads ${name}, which is none of the node's depends_on relations; no column lineage from it`,
    });
  }
  return { columns: Object.keys(output.columnLineage.fields), complete, fields, diagnostics };
}

/** The schema the analyzer gets: each input relation's known columns, by dataset name. */
export function analyzerSchema(options: Pick<DeriveOptions, 'inputs' | 'columnsOf'>): Record<string, string[]> {
  const schema: Record<string, string[]> = {};
  for (const input of options.inputs) {
    const columns = options.columnsOf(input);
    if (columns && columns.length > 0) schema[input.name] = [...columns];
  }
  return schema;
}

function toTransformation(t: {
  type: 'DIRECT' | 'INDIRECT';
  subtype: string;
  description: string;
  masking: boolean;
}): Transformation {
  const out: Transformation = { type: t.type, subtype: t.subtype };
  if (t.description) out.description = t.description;
  if (t.masking) out.masking = true;
  return out;
}

/** Lower-cased dotted name without identifier quotes: `"DB"."Sch"."t"` -> `db.sch.t`. */
export function normalizeTableName(name: string): string {
  return name
    .split('.')
    .map((part) => part.replace(/^["`[]|["`\]]$/g, '').toLowerCase())
    .join('.');
}

function createTableResolver(inputs: readonly DbtRelation[]): (name: string) => DbtRelation | null {
  const exact = new Map<string, DbtRelation>();
  const suffixes = new Map<string, DbtRelation | null>();
  for (const relation of inputs) {
    for (const key of new Set([normalizeTableName(relation.relationName), normalizeTableName(relation.name)])) {
      exact.set(key, relation);
      const parts = key.split('.');
      for (let start = 1; start < parts.length; start++) {
        const suffix = parts.slice(start).join('.');
        const seen = suffixes.get(suffix);
        suffixes.set(suffix, seen === undefined || seen === relation ? relation : null);
      }
    }
  }
  return (name) => {
    const key = normalizeTableName(name);
    const hit = exact.get(key);
    if (hit) return hit;
    // A less qualified name (`stg_orders` for `db.public.stg_orders`) matches when unambiguous;
    // a name qualified differently (another database) never does.
    return suffixes.get(key) ?? null;
  };
}
