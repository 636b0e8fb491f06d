import type { Payload } from './ast.js';
import { asArray, asIdentifier, isObject, kindOf, payloadOf } from './ast.js';
import { foldIdentifier } from './catalog.js';
import type { AnalysisEnv } from './env.js';
import { report, tick } from './env.js';
import type { ExprContext } from './expression-lineage.js';
import { exprLineage, identName } from './expression-lineage.js';
import type { LineageSet } from './lineage-set.js';
import { indirect, mergeInto, TRANSFORMATION } from './lineage-set.js';
import { analyzeQuery, renameColumns } from './query-lineage.js';
import type { Relation, Source } from './scope.js';
import { createRelation, readColumn } from './scope.js';

/** Output columns of table functions that unnest a value, keyed by function name. */
const FLATTEN_COLUMNS = ['seq', 'key', 'path', 'index', 'value', 'this'];

/** A table reference resolved to its qualified name parts, with the dialect's defaults applied. */
export interface TableName {
  parts: string[];
  display: string;
  /** The parts as written, before defaults. */
  written: string[];
}

/** Qualified name of a `table` payload: catalog.schema.name, defaults filling missing parts. */
export function tableNameOf(env: AnalysisEnv, payload: Payload): TableName | undefined {
  const written: string[] = [];
  for (const key of ['catalog', 'schema', 'name']) {
    const part = identName(env, payload[key]);
    if (part !== undefined) written.push(...(key === 'name' ? [part] : part.split('.')));
  }
  if (written.length === 0) return undefined;
  const parts = [...written];
  if (parts.length === 1 && env.defaultSchema) parts.unshift(env.defaultSchema);
  if (parts.length === 2 && env.defaultDatabase) parts.unshift(env.defaultDatabase);
  return { parts, display: parts.join('.'), written };
}

/**
 * Adds one FROM/JOIN item to the scope: a base table (recorded as an input), a CTE, a traced
 * temporary table, a derived table, or a table function (UNNEST, FLATTEN, LATERAL VIEW EXPLODE)
 * whose columns carry the lineage of its arguments. Derived tables bring their indirect lineage.
 */
export function addFromItem(ctx: ExprContext, item: unknown, indirectSet: LineageSet, depth: number): void {
  tick(ctx.env, depth);
  const kind = kindOf(item);
  const payload = payloadOf(item);
  if (!payload) return;
  const env = ctx.env;
  const sources = ctx.scope.sources;
  switch (kind) {
    case 'table': {
      const source = tableSource(ctx, payload);
      if (source.kind === 'derived') mergeInto(indirectSet, source.relation.indirect);
      sources.push(source);
      return;
    }
    case 'subquery': {
      const inner = analyzeQuery({ ...ctx, parent: ctx.scope }, payload.this, depth + 1);
      const relation = renameColumns(env, inner, payload.column_aliases);
      mergeInto(indirectSet, relation.indirect);
      sources.push({ kind: 'derived', alias: identName(env, payload.alias) ?? '', relation });
      return;
    }
    case 'alias':
      addFunctionSource(
        ctx,
        payload.this,
        identName(env, payload.alias) ?? '',
        payload.column_aliases,
        indirectSet,
        depth,
      );
      return;
    case 'lateral': {
      const alias = identName(env, typeof payload.alias === 'string' ? { name: payload.alias } : payload.alias) ?? '';
      addFunctionSource(ctx, payload.this, alias, payload.column_aliases, indirectSet, depth);
      return;
    }
    case 'lateral_view':
      addFunctionSource(
        ctx,
        payload.this,
        identName(env, payload.table_alias) ?? '',
        payload.column_aliases,
        indirectSet,
        depth,
      );
      return;
    case 'unnest':
    case 'function': {
      const hinted = hintedTable(ctx, payload);
      if (hinted) sources.push(tableSource(ctx, hinted));
      else addFunctionSource(ctx, item, '', undefined, indirectSet, depth);
      return;
    }
    case 'pivot':
    case 'unpivot':
      addFromItem(ctx, payload.this, indirectSet, depth + 1);
      for (const key of ['expressions', 'fields']) {
        exprLineage(ctx, payload[key], 'I:GROUP_BY', indirectSet, depth + 1);
      }
      return;
    case 'paren':
      addFromItem(ctx, payload.this, indirectSet, depth + 1);
      return;
    case 'join':
      addFromItem(ctx, payload.this, indirectSet, depth + 1);
      return;
    case 'joined_table':
      addFromItem(ctx, payload.left, indirectSet, depth + 1);
      addJoins(ctx, payload.joins, indirectSet, depth + 1);
      return;
    default:
      report(env, 'warning', 'unsupported_source', `FROM item of kind '${kind}' is not traced`);
  }
}

/** Adds JOIN items with their ON conditions (JOIN lineage) and USING columns. */
export function addJoins(ctx: ExprContext, joins: unknown, indirectSet: LineageSet, depth: number): void {
  for (const join of asArray(joins)) {
    if (!isObject(join)) continue;
    addFromItem(ctx, join.this, indirectSet, depth);
    if (join.on) exprLineage(ctx, join.on, indirect('JOIN'), indirectSet, depth);
    for (const using of asArray(join.using)) {
      const name = identName(ctx.env, using);
      if (name === undefined) continue;
      ctx.scope.using ??= new Set();
      ctx.scope.using.add(name);
      for (const source of ctx.scope.sources.slice(-2)) {
        const found = readColumn(ctx.env, source, name);
        if (found) mergeInto(indirectSet, found, indirect('JOIN'));
      }
    }
  }
}

const FILE_FORMATS = new Set(['parquet', 'json', 'csv', 'orc', 'avro', 'delta', 'text', 'binaryfile', 'iceberg']);
const TSQL_HINTS =
  /^(NOLOCK|READUNCOMMITTED|UPDLOCK|HOLDLOCK|ROWLOCK|TABLOCK|TABLOCKX|PAGLOCK|READPAST|SERIALIZABLE|REPEATABLEREAD|READCOMMITTED|NOWAIT|XLOCK|NOEXPAND|FORCESEEK|FORCESCAN)$/i;

/** T-SQL `schema.table(NOLOCK)` parses as a function call; read it back as a hinted table. */
function hintedTable(ctx: ExprContext, payload: Payload | undefined): Payload | undefined {
  if (ctx.env.rules.name !== 'tsql' || !payload || typeof payload.name !== 'string') return undefined;
  const args = asArray(payload.args);
  const allHints =
    args.length > 0 &&
    args.every((a) => {
      const col = payloadOf(a, 'column');
      const id = col ? asIdentifier(col.name) : undefined;
      return id !== undefined && !col?.table && TSQL_HINTS.test(id.name);
    });
  if (!allHints) return undefined;
  const parts = payload.name.split('.');
  const name = parts.pop() ?? '';
  return { name: { name }, schema: parts.length ? { name: parts.join('.') } : undefined };
}

function tableSource(ctx: ExprContext, payload: Payload): Source {
  const env = ctx.env;
  const name = tableNameOf(env, payload);
  const alias = identName(env, payload.alias);
  const format = name?.written.length === 2 ? name.written[0]?.toLowerCase() : undefined;
  const path = name?.written[1];
  if (name && format && path && FILE_FORMATS.has(format) && /[/:]/.test(path)) {
    env.inputs.add(path);
    return { kind: 'table', alias: alias ?? path, table: path, parts: [path], columns: undefined };
  }
  if (!name) return { kind: 'derived', alias: alias ?? '', relation: createRelation([]) };
  const single = name.written.length === 1 ? name.written[0] : undefined;
  const cte = single !== undefined ? ctx.ctes.get(single) : undefined;
  const aliases = payload.column_aliases;
  if (cte) {
    return {
      kind: 'derived',
      alias: alias ?? single ?? '',
      relation: renameColumns(env, cte, aliases),
      parts: name.written,
    };
  }
  const temp = env.temps.get(name.display) ?? env.temps.get(name.written.join('.'));
  if (temp) {
    return {
      kind: 'derived',
      alias: alias ?? name.parts.at(-1) ?? '',
      relation: renameColumns(env, temp, aliases),
      parts: name.parts,
    };
  }
  env.inputs.add(name.display);
  const columns = env.catalog.lookup(name.parts) ?? env.catalog.lookup(name.written);
  const source: Source = {
    kind: 'table',
    alias: alias ?? name.parts.at(-1) ?? '',
    table: name.display,
    parts: name.parts,
    columns,
  };
  if (asArray(aliases).length === 0) return source;
  const renamed = (columns ?? []).map((c) => ({
    name: c,
    lineage: new Map([
      [`${name.display}\u0000${c}`, { table: name.display, column: c, keys: new Set(['D:IDENTITY']) }],
    ]),
  }));
  return {
    kind: 'derived',
    alias: source.alias,
    relation: renameColumns(env, createRelation(renamed), aliases),
    parts: name.parts,
  };
}

function addFunctionSource(
  ctx: ExprContext,
  fn: unknown,
  alias: string,
  columnAliases: unknown,
  indirectSet: LineageSet,
  depth: number,
): void {
  const env = ctx.env;
  const kind = kindOf(fn);
  const payload = payloadOf(fn);
  if (kind === 'table' && payload) {
    const source = tableSource(ctx, payload);
    if (source.kind === 'derived') mergeInto(indirectSet, source.relation.indirect);
    ctx.scope.sources.push({ ...source, alias: alias || source.alias });
    return;
  }
  if (kind === 'subquery' || kind === 'select' || kind === 'union' || kind === 'paren') {
    const inner = analyzeQuery({ ...ctx, parent: ctx.scope }, fn, depth + 1);
    const relation = renameColumns(env, inner, columnAliases);
    mergeInto(indirectSet, relation.indirect);
    ctx.scope.sources.push({ kind: 'derived', alias, relation });
    return;
  }
  const args: LineageSet = new Map();
  exprLineage(ctx, fn, TRANSFORMATION, args, depth + 1);
  const names = asArray(columnAliases)
    .map((a) => identName(env, isObject(a) && isObject(a.name) ? a.name : a))
    .filter((n): n is string => n !== undefined);
  const fnName = kind === 'function' && payload && typeof payload.name === 'string' ? payload.name.toLowerCase() : kind;
  let columnNames = names;
  if (columnNames.length === 0) {
    if (fnName === 'flatten') columnNames = FLATTEN_COLUMNS.map((c) => foldIdentifier(c, false, env.rules.folding));
    else if (alias) columnNames = [alias];
    else columnNames = [fnName ?? 'col'];
  }
  const relation: Relation = createRelation(columnNames.map((name) => ({ name, lineage: args })));
  ctx.scope.sources.push({ kind: 'derived', alias, relation });
}

/** Span start of a table payload, for diagnostics. */
export function tableOffset(payload: Payload): number | undefined {
  return asIdentifier(payload.name)?.span?.start;
}
