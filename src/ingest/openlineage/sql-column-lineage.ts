import type { Diagnostic, Transformation } from '../../model/graph.js';
import { datasetId } from '../../model/node-id.js';
import type { InputField, SqlLineageResult, SqlSchema } from '../../sql/index.js';
import { analyzeSql, initSqlAnalyzer, isSqlDialect } from '../../sql/index.js';
import type { Store } from '../../store/store.js';
import type { FieldLineage, LineageInput, OutputLineage } from './column-lineage.js';
import type { ParsedDataset, ParsedEvent } from './parse-event.js';

/** The analyzer entry point, injectable for tests; `false` turns SQL-derived lineage off. */
export type SqlAnalyzer = (sql: string, options: { dialect: string; schema: SqlSchema }) => SqlLineageResult;

export interface SqlColumnLineage {
  lineage: OutputLineage[];
  /** Problems to record on the job version (SQL that did not parse, ambiguous columns). */
  diagnostics: Diagnostic[];
}

const NONE: SqlColumnLineage = { lineage: [], diagnostics: [] };

/** Dialect names other tools write in the `sql` facet, mapped to the analyzer's names. */
const DIALECT_ALIASES: Record<string, string> = {
  postgresql: 'postgres',
  mssql: 'tsql',
  sqlserver: 'tsql',
  sparksql: 'spark',
  spark_sql: 'spark',
  presto: 'trino',
  awsathena: 'athena',
  generic: 'ansi',
  ansi: 'ansi',
};

/** Dialect implied by a dataset namespace scheme (`postgres://host:5432`, `bigquery`). */
const SCHEME_DIALECTS: Record<string, string> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  redshift: 'redshift',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  hive: 'hive',
  mysql: 'mysql',
  trino: 'trino',
  presto: 'trino',
  awsathena: 'athena',
  duckdb: 'duckdb',
  sqlserver: 'tsql',
  mssql: 'tsql',
  oracle: 'oracle',
  databricks: 'databricks',
  spark: 'spark',
};

function pickDialect(declared: string | undefined, datasets: readonly ParsedDataset[]): string {
  const named = declared?.trim().toLowerCase();
  if (named) {
    const mapped = DIALECT_ALIASES[named] ?? named;
    if (isSqlDialect(mapped)) return mapped;
  }
  for (const d of datasets) {
    const scheme = /^([a-z][a-z0-9+.-]*)(?::\/\/|$)/i.exec(d.namespace)?.[1]?.toLowerCase();
    const dialect = scheme ? SCHEME_DIALECTS[scheme] : undefined;
    if (dialect) return dialect;
  }
  return 'ansi';
}

function fieldNames(dataset: ParsedDataset): string[] | undefined {
  return dataset.standard.schema?.fields?.map((f) => f.name);
}

/** Resolves SQL table names to the event's datasets: exact name, else unique trailing-parts match. */
function createNameMatcher(datasets: readonly ParsedDataset[], fallbackNamespace: string | undefined) {
  const lower = datasets.map((d) => ({ d, parts: d.name.toLowerCase().split('.') }));
  return (name: string, fallback = true): { namespace: string; name: string } | undefined => {
    const wanted = name.toLowerCase().split('.');
    const exact = lower.filter(({ d }) => d.name.toLowerCase() === name.toLowerCase());
    const candidates =
      exact.length > 0 ? exact : lower.filter(({ parts }) => endsWith(parts, wanted) || endsWith(wanted, parts));
    const namespaces = new Set(candidates.map(({ d }) => `${d.namespace}\u0000${d.name}`));
    const only = namespaces.size === 1 ? candidates[0]?.d : undefined;
    if (only) return { namespace: only.namespace, name: only.name };
    return fallbackNamespace === undefined || !fallback ? undefined : { namespace: fallbackNamespace, name };
  };
}

function endsWith(long: readonly string[], short: readonly string[]): boolean {
  if (short.length > long.length) return false;
  const offset = long.length - short.length;
  return short.every((p, i) => long[offset + i] === p);
}

function toTransformations(field: InputField): Transformation[] {
  return field.transformations.map((t) => ({ type: t.type, subtype: t.subtype, masking: t.masking }));
}

/**
 * Column lineage for an event whose job carries a `sql` facet, for the outputs its producer gave
 * no columnLineage facet (the producer's facet always wins). Table names in the SQL resolve to the
 * event's datasets, else to the outputs' namespace; star expansion uses the schema facets of the
 * event and the dataset versions the store holds as of the event time. SQL that cannot be
 * analyzed yields diagnostics for the job version, never a rejected event.
 */
export async function deriveSqlColumnLineage(
  store: Store,
  event: ParsedEvent,
  facetLineage: readonly OutputLineage[],
  analyze: SqlAnalyzer | false = analyzeSql,
  schemasInBatch: ReadonlyMap<string, string[]> = new Map(),
): Promise<SqlColumnLineage> {
  if (event.kind === 'dataset' || analyze === false) return NONE;
  const sqlFacet = event.job.standard.sql;
  if (!sqlFacet || sqlFacet.query.trim() === '') return NONE;
  if (analyze === analyzeSql) await initSqlAnalyzer();
  const covered = new Set(facetLineage.map((l) => `${l.namespace}\u0000${l.name}`));
  const datasets = [...event.inputs, ...event.outputs];
  // Lineage goes only to outputs the event names (START events often name none yet).
  if (event.outputs.every((o) => covered.has(`${o.namespace}\u0000${o.name}`))) return NONE;
  const match = createNameMatcher(datasets, event.outputs[0]?.namespace);
  const matchOutput = createNameMatcher(event.outputs, undefined);
  const dialect = pickDialect(sqlFacet.dialect, datasets);
  const notes: Diagnostic[] = [];
  const declared = sqlFacet.dialect?.trim().toLowerCase();
  if (declared && (DIALECT_ALIASES[declared] ?? declared) !== dialect) {
    notes.push({
      severity: 'warning',
      code: 'sql_unknown_dialect',
      message: `the sql facet names dialect '${sqlFacet.dialect}', which the analyzer does not know; analyzed as ${dialect}`,
      path: 'job.facets.sql.dialect',
    });
  }

  const schema: Record<string, string[]> = {};
  for (const d of datasets) {
    const names = fieldNames(d) ?? (await storedFields(store, schemasInBatch, d.namespace, d.name, event.eventTime));
    if (names) schema[d.name] = names;
  }
  let result = analyze(sqlFacet.query, { dialect, schema });
  // Tables the SQL names beyond the event's datasets: look them up in the outputs' namespace.
  let added = false;
  for (const input of result.inputs) {
    const target = match(input.name);
    if (!target || schema[target.name]) continue;
    const names = await storedFields(store, schemasInBatch, target.namespace, target.name, event.eventTime);
    if (names) {
      schema[target.name] = names;
      added = true;
    }
  }
  if (added) result = analyze(sqlFacet.query, { dialect, schema });

  const lineage: OutputLineage[] = [];
  for (const output of result.outputs) {
    const target = matchOutput(output.name, false);
    if (!target || covered.has(`${target.namespace}\u0000${target.name}`)) continue;
    const fields: FieldLineage[] = Object.entries(output.columnLineage.fields).map(
      ([outputField, { inputFields }]) => ({
        outputField,
        inputs: resolveInputs(inputFields, match),
      }),
    );
    const dataset = resolveInputs(output.columnLineage.dataset, match);
    if (dataset.length > 0) fields.push({ outputField: null, inputs: dataset });
    if (fields.length > 0) lineage.push({ namespace: target.namespace, name: target.name, origin: 'sql', fields });
  }
  return { lineage, diagnostics: [...notes, ...toDiagnostics(result)] };
}

function resolveInputs(fields: readonly InputField[], match: ReturnType<typeof createNameMatcher>): LineageInput[] {
  const out: LineageInput[] = [];
  for (const f of fields) {
    const source = match(f.name);
    if (source)
      out.push({
        namespace: source.namespace,
        name: source.name,
        field: f.field,
        transformations: toTransformations(f),
      });
  }
  return out;
}

async function storedFields(
  store: Store,
  schemasInBatch: ReadonlyMap<string, string[]>,
  namespace: string,
  name: string,
  asOf: string,
): Promise<string[] | undefined> {
  const id = datasetId(namespace, name);
  const fromBatch = schemasInBatch.get(id);
  if (fromBatch && fromBatch.length > 0) return fromBatch;
  const version = await store.getDatasetVersionAt(id, asOf);
  return version && version.fields.length > 0 ? version.fields.map((f) => f.name) : undefined;
}

/** Analyzer diagnostics worth keeping on the job version: errors and warnings, with SQL positions. */
function toDiagnostics(result: SqlLineageResult): Diagnostic[] {
  return result.diagnostics
    .filter((d) => d.severity !== 'info')
    .map((d) => ({
      severity: d.severity,
      code: `sql_${d.code}`,
      message: d.message,
      ...(d.line === undefined ? {} : { path: `sql:${d.line}:${d.column ?? 1}` }),
    }));
}
