import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import type { InputField, SqlDiagnostic, SqlLineageResult, SqlSchema } from '../../sql/index.js';
import { analyzeSql, initSqlAnalyzer, UnknownDialectError } from '../../sql/index.js';
import { createStyle, type Style } from '../format/style.js';
import { formatTable } from '../format/table.js';
import { CliExit, type CliIo } from '../io.js';
import { readInputFile } from '../read-input-file.js';

interface SqlLineageOptions {
  dialect: string;
  schema?: string;
  defaultDatabase?: string;
  defaultSchema?: string;
  namespace?: string;
  json?: boolean;
}

const schemaFile = z.record(z.string(), z.array(z.string()));

/**
 * `rootline sql lineage [FILE|-] --dialect D [--schema FILE.json] [--json]`: column lineage of a
 * SQL script, computed locally (no store, no server). SQL that does not parse is printed as a
 * diagnostic and exits with code 2 after the lineage of the statements that did parse.
 */
export function registerSqlCommand(program: Command, io: CliIo): void {
  const sql = program.command('sql').description('analyze SQL without a store');
  sql
    .command('lineage')
    .description('print the column lineage of a SQL script (a file, or - for standard input)')
    .argument('[file]', 'SQL file, or - for standard input', '-')
    .option('--dialect <dialect>', 'SQL dialect (ansi, postgres, snowflake, bigquery, spark, ...)', 'ansi')
    .option('--schema <file>', 'JSON file mapping table names to column lists, for SELECT * and unqualified columns')
    .option('--default-database <name>', 'database for table names without one')
    .option('--default-schema <name>', 'schema for table names without one')
    .option('--namespace <namespace>', 'OpenLineage namespace to put on every table')
    .option('--json', 'print OpenLineage columnLineage facets as JSON')
    .action(async (file: string, options: SqlLineageOptions) => {
      const text = await readInputFile(file, io, 'file');
      const schema = options.schema === undefined ? undefined : await readSchema(options.schema, io);
      await initSqlAnalyzer();
      const result = analyze(text, options, schema);
      if (options.json) io.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
      else io.stdout.write(formatLineage(result, createStyle(io.isTTY, io.env ?? {})));
      if (result.diagnostics.some((d) => d.severity === 'error')) throw new CliExit(2);
    });
}

function analyze(text: string, options: SqlLineageOptions, schema: SqlSchema | undefined): SqlLineageResult {
  try {
    return analyzeSql(text, {
      dialect: options.dialect,
      schema,
      defaultDatabase: options.defaultDatabase,
      defaultSchema: options.defaultSchema,
      namespace: options.namespace,
    });
  } catch (error) {
    if (error instanceof UnknownDialectError) throw new InputError(error.message, { path: '--dialect', cause: error });
    throw error;
  }
}

async function readSchema(file: string, io: CliIo): Promise<SqlSchema> {
  const text = await readInputFile(file, io, '--schema');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`--schema ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`, {
      path: '--schema',
      cause: error,
    });
  }
  const parsed = schemaFile.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `--schema ${file} must map table names to lists of column names, e.g. {"raw.items": ["sku", "price"]}`,
      {
        path: '--schema',
      },
    );
  }
  return parsed.data;
}

/** Transformations without empty descriptions or false masking, as the issue's JSON shows them. */
function compactField(field: InputField): Record<string, unknown> {
  return {
    ...(field.namespace === undefined ? {} : { namespace: field.namespace }),
    name: field.name,
    field: field.field,
    transformations: field.transformations.map((t) => ({
      type: t.type,
      subtype: t.subtype,
      ...(t.description ? { description: t.description } : {}),
      ...(t.masking ? { masking: true } : {}),
    })),
  };
}

/** The JSON shape of `rootline sql lineage --json`. */
export function toJson(result: SqlLineageResult): Record<string, unknown> {
  const facet = (lineage: SqlLineageResult['outputs'][number]['columnLineage']) => ({
    fields: Object.fromEntries(
      Object.entries(lineage.fields).map(([name, { inputFields }]) => [
        name,
        { inputFields: inputFields.map(compactField) },
      ]),
    ),
    ...(lineage.dataset.length > 0 ? { dataset: lineage.dataset.map(compactField) } : {}),
  });
  const queries = result.queries ?? [];
  return {
    outputs: result.outputs.map((o) => ({
      ...(o.namespace === undefined ? {} : { namespace: o.namespace }),
      name: o.name,
      columnLineage: facet(o.columnLineage),
    })),
    inputs: result.inputs,
    ...(queries.length > 0
      ? { queries: queries.map((q) => ({ statement: q.statement, columnLineage: facet(q.columnLineage) })) }
      : {}),
    diagnostics: result.diagnostics,
  };
}

function describeSources(fields: readonly InputField[]): string[] {
  return fields.map((f) => {
    const how = f.transformations.map((t) => `${t.subtype.toLowerCase()}${t.masking ? ' masked' : ''}`).join(', ');
    return `${f.name}.${f.field} (${how})`;
  });
}

function lineageRows(lineage: SqlLineageResult['outputs'][number]['columnLineage'], style: Style): string[][] {
  const rows: string[][] = [];
  for (const [column, { inputFields }] of Object.entries(lineage.fields)) {
    describeSources(inputFields).forEach((source, i) => {
      rows.push([i === 0 ? column : '', i === 0 ? '<-' : '', source]);
    });
  }
  describeSources(lineage.dataset).forEach((source, i) => {
    rows.push([i === 0 ? style.dim('(all rows)') : '', i === 0 ? '<-' : '', style.dim(source)]);
  });
  return rows;
}

function describeDiagnostic(d: SqlDiagnostic, style: Style): string {
  const where = d.line === undefined ? '' : `line ${d.line}, column ${d.column ?? 1}: `;
  const label =
    d.severity === 'error'
      ? style.red('error')
      : d.severity === 'warning'
        ? style.yellow('warning')
        : style.dim('note');
  return `${label}: ${where}${d.message} ${style.dim(`(${d.code})`)}`;
}

/** Human output: per target table a table of target column <- source columns, then diagnostics. */
export function formatLineage(result: SqlLineageResult, style: Style): string {
  const blocks: string[] = [];
  const columns = [{ header: 'column' }, { header: '' }, { header: 'sources' }];
  for (const output of result.outputs) {
    const rows = lineageRows(output.columnLineage, style);
    const body = rows.length > 0 ? formatTable(columns, rows) : style.dim('(no column lineage)');
    blocks.push(`${style.bold(output.name)}\n${indent(body)}`);
  }
  for (const query of result.queries ?? []) {
    const rows = lineageRows(query.columnLineage, style);
    if (rows.length > 0)
      blocks.push(`${style.bold(`SELECT (statement ${query.statement + 1})`)}\n${indent(formatTable(columns, rows))}`);
  }
  if (blocks.length === 0) blocks.push(style.dim('no lineage found'));
  let out = `${blocks.join('\n\n')}\n`;
  if (result.inputs.length > 0) out += `\ninputs: ${result.inputs.map((i) => i.name).join(', ')}\n`;
  const shown = result.diagnostics.filter((d) => d.severity !== 'info');
  if (shown.length > 0) out += `\n${shown.map((d) => describeDiagnostic(d, style)).join('\n')}\n`;
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
