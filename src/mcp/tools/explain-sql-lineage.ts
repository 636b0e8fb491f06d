import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import {
  analyzeSql,
  type ColumnLineageFacet,
  type InputField,
  initSqlAnalyzer,
  SQL_DIALECTS,
  type SqlDiagnostic,
  type SqlLineageResult,
} from '../../sql/index.js';
import { capList, clip, describePage, pageOutput, startPaging } from '../budget.js';
import { transformationLabel } from '../compact.js';
import { cursorInput } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'explain_sql_lineage';

const inputSchema = {
  sql: z.string().min(1).max(1_000_000).describe('One or more SQL statements.'),
  dialect: z.enum(SQL_DIALECTS).default('ansi').describe('The SQL dialect.'),
  defaultDatabase: z.string().min(1).max(256).optional().describe('Database that unqualified tables live in.'),
  defaultSchema: z.string().min(1).max(256).optional().describe('Schema that unqualified tables live in.'),
  schema: z
    .record(z.string(), z.array(z.string()).max(5_000))
    .optional()
    .describe('Known columns per table ({"db.schema.table": ["col", ...]}), to expand SELECT * and resolve columns.'),
  cursor: cursorInput,
};

const inputFieldOutput = z.object({ table: z.string(), column: z.string(), transformations: z.array(z.string()) });

const columnOutput = z.object({
  table: z.string(),
  column: z.string(),
  inputs: z.array(inputFieldOutput),
  moreInputs: z.number().int().optional(),
});

interface ColumnEntry {
  table: string;
  column: string;
  inputs: { table: string; column: string; transformations: string[] }[];
  moreInputs?: number;
}

/** `explain_sql_lineage`: column lineage of a SQL script, without storing anything. */
export function registerExplainSqlLineageTool(server: McpServer, { budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Explain SQL lineage',
      description:
        'Column-level lineage of SQL text: for each output column (of INSERT/CREATE/MERGE targets, or of a plain ' +
        'SELECT) the input columns it comes from with their transformations (DIRECT/IDENTITY, DIRECT/AGGREGATION, ' +
        '...), the columns that filter, join or group every row, the input tables, and diagnostics with line and ' +
        'column. Nothing is stored.',
      inputSchema,
      outputSchema: {
        dialect: z.string(),
        inputs: z.array(z.string()),
        outputs: z.array(z.string()),
        statements: z.array(z.object({ index: z.number().int(), kind: z.string() })),
        rowLevel: z.array(z.object({ table: z.string(), inputs: z.array(inputFieldOutput), more: z.number().int() })),
        diagnostics: z.array(z.string()),
        columns: z.array(columnOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        await initSqlAnalyzer();
        const result = analyzeSql(args.sql, {
          dialect: args.dialect,
          ...(args.schema ? { schema: args.schema } : {}),
          ...(args.defaultDatabase ? { defaultDatabase: args.defaultDatabase } : {}),
          ...(args.defaultSchema ? { defaultSchema: args.defaultSchema } : {}),
        });
        const facets = facetsOf(result);
        if (facets.length === 0) throwWhenUnreadable(result.diagnostics, args.dialect);
        const columns = facets.flatMap(({ table, facet }) => columnEntries(table, facet));
        const base = {
          dialect: result.dialect,
          inputs: capList(
            result.inputs.map((input) => input.name),
            50,
          ).items,
          outputs: facets.map(({ table }) => table),
          statements: result.statements
            .slice(0, 50)
            .map((statement) => ({ index: statement.index, kind: statement.kind })),
          rowLevel: facets.map(({ table, facet }) => {
            const inputs = capList(facet.dataset, 15);
            return { table, inputs: inputs.items.map(inputEntry), more: inputs.more };
          }),
          diagnostics: result.diagnostics.slice(0, 10).map(formatDiagnostic),
        };
        const { answer, page } = paging.fit(base, 'columns', columns);
        const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
        const summary =
          `${columns.length} output column(s) in ${facets.length} output(s) (${base.outputs.slice(0, 5).join(', ')}) ` +
          `read from ${result.inputs.length} input table(s)${base.inputs.length ? ` (${base.inputs.slice(0, 5).join(', ')})` : ''}.` +
          (errors
            ? ` ${errors} statement(s) could not be fully read; see diagnostics: the lineage shown is what is certain.`
            : '') +
          ` ${describePage(page, 'columns')}`;
        return toolResult(answer, summary.trim());
      }),
  );
}

function facetsOf(result: SqlLineageResult): { table: string; facet: ColumnLineageFacet }[] {
  return [
    ...result.outputs.map((output) => ({ table: output.name, facet: output.columnLineage })),
    ...(result.queries ?? []).map((query) => ({
      table: `(result of statement ${query.statement + 1})`,
      facet: query.columnLineage,
    })),
  ];
}

/** SQL that yields no output at all and has errors is an expected failure the model can fix. */
function throwWhenUnreadable(diagnostics: readonly SqlDiagnostic[], dialect: string): void {
  const error = diagnostics.find((d) => d.severity === 'error');
  if (!error) return;
  throw new InputError(
    `the SQL could not be read as ${dialect}: ${formatDiagnostic(error)}. Fix the statement, or try another dialect ` +
      `(${SQL_DIALECTS.join(', ')})`,
    { path: 'sql' },
  );
}

function formatDiagnostic(d: SqlDiagnostic): string {
  const at = d.line !== undefined ? ` at line ${d.line}, column ${d.column ?? 1}` : '';
  return `${d.severity} ${d.code}${at}: ${clip(d.message, 240)}`;
}

function inputEntry(field: InputField) {
  return {
    table: field.namespace ? `${field.namespace}:${field.name}` : field.name,
    column: field.field,
    transformations: field.transformations.map(transformationLabel),
  };
}

function columnEntries(table: string, facet: ColumnLineageFacet): ColumnEntry[] {
  return Object.entries(facet.fields).map(([column, { inputFields }]) => {
    const inputs = capList(inputFields, 20);
    const entry: ColumnEntry = { table, column, inputs: inputs.items.map(inputEntry) };
    if (inputs.more) entry.moreInputs = inputs.more;
    return entry;
  });
}
