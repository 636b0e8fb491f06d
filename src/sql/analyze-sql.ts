import { Catalog } from './catalog.js';
import { getDialectRules } from './dialects.js';
import type { AnalysisEnv } from './env.js';
import { BudgetExceededError, report } from './env.js';
import type { LineageSet } from './lineage-set.js';
import { mergeInto, partition, toInputFields } from './lineage-set.js';
import { parseScript } from './parse-script.js';
import type { SqlParser } from './parser.js';
import { createPolyglotParser } from './polyglot-parser.js';
import type { Relation } from './scope.js';
import { createRelation } from './scope.js';
import { lineColumnAt } from './sql-text.js';
import type { StatementLineage, Write } from './statement-lineage.js';
import { analyzeStatement } from './statement-lineage.js';
import type {
  AnalysisBudget,
  AnalyzeSqlOptions,
  ColumnLineageFacet,
  OutputLineage,
  QueryResultLineage,
  SqlLineageResult,
  StatementSummary,
} from './types.js';

export const DEFAULT_BUDGET: AnalysisBudget = {
  maxStatementChars: 250_000,
  maxNodes: 2_000_000,
  maxDepth: 400,
  maxMillis: 2_000,
  maxColumns: 20_000,
};

let defaultParser: SqlParser | undefined;

function parserInstance(): SqlParser {
  defaultParser ??= createPolyglotParser();
  return defaultParser;
}

/**
 * Loads the parser's WASM module. In Node the module loads on import and this resolves at once;
 * call it before the first {@link analyzeSql} in other runtimes. Idempotent.
 */
export async function initSqlAnalyzer(): Promise<void> {
  await parserInstance().init();
}

interface OutputAcc {
  name: string;
  fields: Map<string, LineageSet>;
  dataset: LineageSet;
}

/**
 * Column lineage of a SQL script: per output table an OpenLineage columnLineage facet, the
 * input tables, and diagnostics with positions. Synchronous; never throws for bad SQL (parse
 * errors, ambiguity and budget overruns are diagnostics). Throws `UnknownDialectError` for a
 * dialect outside `SQL_DIALECTS`.
 */
export function analyzeSql(
  sql: string,
  options: AnalyzeSqlOptions = {},
  parser: SqlParser = parserInstance(),
): SqlLineageResult {
  const rules = getDialectRules(options.dialect ?? 'ansi');
  if (!parser.isReady()) return notReady(rules.name);
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  const env: AnalysisEnv = {
    rules,
    lateral: options.lateralColumnAliases ?? rules.lateralColumnAliases,
    parser,
    catalog: new Catalog(options.schema, rules.folding),
    defaultDatabase: options.defaultDatabase,
    defaultSchema: options.defaultSchema,
    temps: new Map(),
    budget,
    statement: 0,
    statementOffset: 0,
    spanBase: 0,
    inputs: new Set(),
    nodes: 0,
    deadline: 0,
    diagnostics: [],
    locate: (offset) => locate(sql, offset === undefined ? env.statementOffset : env.spanBase + offset),
  };
  const script = parseScript(sql, rules, parser, budget.maxStatementChars);
  for (const big of script.oversized) {
    env.diagnostics.push({
      severity: 'error',
      code: 'statement_too_large',
      message: `statement of ${big.length} characters exceeds the ${budget.maxStatementChars}-character budget`,
      statement: -1,
      ...locate(sql, big.offset),
    });
  }
  for (const failure of script.failures) {
    env.diagnostics.push({
      severity: failure.procedural ? 'info' : 'error',
      code: failure.procedural ? 'skipped_procedural_statement' : 'parse_error',
      message: failure.message.replace(/\s*at line \d+, column \d+/, ''),
      statement: -1,
      ...locate(sql, failure.offset),
    });
  }
  const outputs = new Map<string, OutputAcc>();
  const inputs = new Set<string>();
  const statements: StatementSummary[] = [];
  const queries: QueryResultLineage[] = [];
  script.statements.forEach((parsed, index) => {
    env.statement = index;
    env.statementOffset = parsed.offset;
    env.spanBase = parsed.spanBase;
    env.inputs = new Set();
    env.nodes = 0;
    env.deadline = performance.now() + budget.maxMillis;
    if (parsed.recovery)
      report(env, 'info', 'recovered_statement', `statement parsed after recovery: ${parsed.recovery}`);
    const lineage = runStatement(env, parsed.node);
    const written: string[] = [];
    for (const write of lineage?.writes ?? []) {
      recordWrite(env, outputs, write);
      if (!write.temporary) written.push(write.target.display);
    }
    if (lineage?.rename) renameOutput(env, outputs, statements, lineage.rename.from.display, lineage.rename.to);
    for (const dropped of lineage?.drops ?? []) {
      if (outputs.has(dropped.display)) inlineDropped(outputs, statements, inputs, dropped.display);
      env.temps.delete(dropped.display);
    }
    for (const input of env.inputs) inputs.add(input);
    if (lineage?.result)
      queries.push({
        statement: index,
        columnLineage: facetOf(relationFields(lineage.result), lineage.result.indirect, options.namespace),
      });
    statements.push({
      index,
      kind: lineage?.kind ?? 'unknown',
      offset: parsed.offset,
      inputs: [...env.inputs],
      outputs: written,
    });
  });
  const namespace = options.namespace;
  const outputList: OutputLineage[] = [...outputs.values()].map((o) => ({
    ...(namespace === undefined ? {} : { namespace }),
    name: o.name,
    columnLineage: facetOf(o.fields, o.dataset, namespace),
  }));
  return {
    dialect: rules.name,
    outputs: outputList,
    queries,
    inputs: [...inputs].sort().map((name) => ({ ...(namespace === undefined ? {} : { namespace }), name })),
    statements,
    diagnostics: env.diagnostics,
  };
}

/** The result when the parser's WASM module is not loaded (CommonJS callers must await init first). */
function notReady(dialect: string): SqlLineageResult {
  return {
    dialect,
    outputs: [],
    queries: [],
    inputs: [],
    statements: [],
    diagnostics: [
      {
        severity: 'error',
        code: 'parser_not_ready',
        message: 'the SQL parser is not loaded yet; await initSqlAnalyzer() before calling analyzeSql',
        statement: -1,
      },
    ],
  };
}

function runStatement(env: AnalysisEnv, node: Parameters<typeof analyzeStatement>[1]): StatementLineage | undefined {
  try {
    return analyzeStatement(env, node);
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      report(env, 'error', 'budget_exceeded', `statement not analyzed: ${error.message}`);
    } else if (error instanceof RangeError) {
      report(env, 'error', 'budget_exceeded', `statement not analyzed: nesting too deep (${error.message})`);
    } else {
      report(
        env,
        'error',
        'internal_error',
        `statement not analyzed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return undefined;
  }
}

function recordWrite(env: AnalysisEnv, outputs: Map<string, OutputAcc>, write: Write): void {
  if (write.temporary) {
    const previous = env.temps.get(write.target.display);
    env.temps.set(
      write.target.display,
      previous ? mergeRelations(previous, write) : (write.relation ?? createRelation([])),
    );
    return;
  }
  if (write.columns && write.columns.length > 0 && !write.isPath) env.catalog.define(write.target.parts, write.columns);
  const acc = outputs.get(write.target.display) ?? {
    name: write.target.display,
    fields: new Map(),
    dataset: new Map(),
  };
  outputs.set(write.target.display, acc);
  for (const [name, lineage] of write.fields) {
    const existing = acc.fields.get(name) ?? new Map();
    mergeInto(existing, lineage);
    acc.fields.set(name, existing);
  }
  mergeInto(acc.dataset, write.indirect);
}

function renameOutput(
  env: AnalysisEnv,
  outputs: Map<string, OutputAcc>,
  statements: StatementSummary[],
  from: string,
  to: Write['target'],
): void {
  const temp = env.temps.get(from);
  if (temp) {
    env.temps.delete(from);
    env.temps.set(to.display, temp);
    return;
  }
  const acc = outputs.get(from);
  if (!acc) return;
  outputs.delete(from);
  outputs.set(to.display, { ...acc, name: to.display });
  env.catalog.define(to.parts, [...acc.fields.keys()]);
  for (const s of statements) s.outputs = s.outputs.map((o) => (o === from ? to.display : o));
}

/**
 * A table created and dropped in the same script is scratch space: its lineage is substituted
 * into every output that read it, and it disappears from inputs and outputs.
 */
function inlineDropped(
  outputs: Map<string, OutputAcc>,
  statements: StatementSummary[],
  inputs: Set<string>,
  name: string,
): void {
  const dropped = outputs.get(name);
  if (!dropped) return;
  outputs.delete(name);
  inputs.delete(name);
  let reads = false;
  const substitute = (set: LineageSet): LineageSet => {
    const out: LineageSet = new Map();
    for (const origin of set.values()) {
      if (origin.table === name) reads = true;
      const replacement = origin.table === name ? dropped.fields.get(origin.column) : undefined;
      for (const key of origin.keys) {
        if (origin.table !== name) mergeInto(out, new Map([['', { ...origin, keys: new Set([key]) }]]));
        else if (replacement) mergeInto(out, replacement, key);
      }
    }
    return out;
  };
  for (const acc of outputs.values()) {
    reads = false;
    for (const [field, lineage] of acc.fields) acc.fields.set(field, substitute(lineage));
    acc.dataset = substitute(acc.dataset);
    if (reads) mergeInto(acc.dataset, dropped.dataset);
  }
  for (const s of statements) {
    s.inputs = s.inputs.filter((i) => i !== name);
    s.outputs = s.outputs.filter((o) => o !== name);
  }
}

function mergeRelations(previous: Relation, write: Write): Relation {
  const columns = previous.columns.map((c) => ({ name: c.name, lineage: new Map(c.lineage) }));
  for (const [name, lineage] of write.fields) {
    const column = columns.find((c) => c.name === name);
    if (column) mergeInto(column.lineage, lineage);
    else columns.push({ name, lineage: new Map(lineage) });
  }
  const indirect = new Map(previous.indirect);
  mergeInto(indirect, write.indirect);
  return createRelation(columns, indirect);
}

function relationFields(relation: Relation): Map<string, LineageSet> {
  const fields = new Map<string, LineageSet>();
  for (const column of relation.columns) {
    const existing = fields.get(column.name) ?? new Map();
    mergeInto(existing, column.lineage);
    fields.set(column.name, existing);
  }
  return fields;
}

function facetOf(fields: Map<string, LineageSet>, dataset: LineageSet, namespace?: string): ColumnLineageFacet {
  const out: ColumnLineageFacet['fields'] = {};
  for (const [name, lineage] of fields) {
    if (lineage.size > 0) out[name] = { inputFields: toInputFields(lineage, namespace) };
  }
  return { fields: out, dataset: toInputFields(partition(dataset).indirect, namespace) };
}

function locate(sql: string, offset: number | undefined): { line?: number; column?: number; offset?: number } {
  if (offset === undefined) return {};
  return { offset, ...lineColumnAt(sql, offset) };
}
