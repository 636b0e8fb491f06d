import type { AstNode, Payload } from './ast.js';
import { asArray, asIdentifier, isObject, kindOf, payloadOf } from './ast.js';
import { alterLineage, cloneLineage, commandLineage, copyLineage, dropLineage } from './ddl-lineage.js';
import { analyzeDelete, analyzeMerge, analyzeUpdate } from './dml-lineage.js';
import type { AnalysisEnv } from './env.js';
import { report } from './env.js';
import { identName } from './expression-lineage.js';
import type { TableName } from './from-sources.js';
import { tableNameOf } from './from-sources.js';
import type { LineageSet } from './lineage-set.js';
import { mergeInto } from './lineage-set.js';
import type { QueryContext } from './query-lineage.js';
import { analyzeQuery, renameColumns, withCtes } from './query-lineage.js';
import type { Relation } from './scope.js';
import { createRelation } from './scope.js';

/** One table a statement writes: per target column the lineage of its new values. */
export interface Write {
  target: TableName;
  temporary: boolean;
  /** True when the target is a file or directory path rather than a table. */
  isPath: boolean;
  fields: Map<string, LineageSet>;
  indirect: LineageSet;
  /** The target's columns after the write, when known (feeds later statements). */
  columns?: string[];
  /** The relation written, for temporary tables traced by later statements. */
  relation?: Relation;
}

export interface StatementLineage {
  kind: string;
  writes: Write[];
  /** `ALTER TABLE ... RENAME TO`: later references and earlier writes move to the new name. */
  rename?: { from: TableName; to: TableName };
  /** Tables dropped by the statement. */
  drops?: TableName[];
  /** Lineage of the result columns of a plain SELECT. */
  result?: Relation;
}

/** Column lineage of one parsed statement. */
export function analyzeStatement(env: AnalysisEnv, node: AstNode): StatementLineage {
  const kind = kindOf(node) ?? 'unknown';
  const payload = payloadOf(node) ?? {};
  const ctx: QueryContext = { env, ctes: new Map() };
  switch (kind) {
    case 'select':
    case 'union':
    case 'intersect':
    case 'except':
    case 'subquery':
      return analyzeSelectStatement(ctx, node, payload);
    case 'insert':
      return { kind, writes: insertWrites(ctx, payload) };
    case 'create_table':
      return { kind, writes: createTableWrites(ctx, payload) };
    case 'create_view':
      return { kind, writes: viewWrites(ctx, payload) };
    case 'cache':
      return { kind, writes: viewWrites(ctx, { ...payload, name: payload.table, temporary: true }) };
    case 'merge':
      return { kind, writes: analyzeMerge(ctx, payload) };
    case 'update':
      return { kind, writes: analyzeUpdate(ctx, payload) };
    case 'delete':
      return { kind, writes: analyzeDelete(ctx, payload) };
    case 'copy':
      return copyLineage(env, payload);
    case 'alter_table':
      return alterLineage(env, payload);
    case 'drop_table':
      return dropLineage(env, payload);
    case 'command':
      return commandLineage(env, payload);
    case 'use': {
      const name = identName(env, payload.this);
      if (name !== undefined) env.defaultSchema = name;
      return { kind, writes: [] };
    }
    default:
      return { kind, writes: [] };
  }
}

/** The `INTO` clause of a SELECT, or of the leftmost SELECT of a set operation. */
function intoClause(node: unknown): Payload | undefined {
  let current = node;
  for (let i = 0; i < 64; i++) {
    const payload = payloadOf(current);
    if (!payload) return undefined;
    if (kindOf(current) === 'select') return isObject(payload.into) ? payload.into : undefined;
    current = payload.left ?? payload.this;
  }
  return undefined;
}

function analyzeSelectStatement(ctx: QueryContext, node: AstNode, _payload: Payload): StatementLineage {
  const relation = analyzeQuery(ctx, node, 0);
  const clause = intoClause(node);
  const into = clause ? payloadOf(clause.this, 'table') : undefined;
  const payload = { into: clause };
  if (!into || !isObject(payload.into)) return { kind: 'select', writes: [], result: relation };
  const target = tableNameOf(ctx.env, into);
  if (!target) return { kind: 'select', writes: [], result: relation };
  const temporary = payload.into.temporary === true || isTempName(target);
  return { kind: 'select_into', writes: [writeFrom(ctx.env, target, relation, undefined, temporary)] };
}

/** T-SQL `#temp` tables and session-scoped names are temporary. */
export function isTempName(name: TableName): boolean {
  return (name.parts.at(-1) ?? '').startsWith('#');
}

/** Target table of a DML payload: a `table` node, an aliased table, or a bare table payload. */
export function targetTable(env: AnalysisEnv, value: unknown): { name: TableName; alias?: string } | undefined {
  const aliased = payloadOf(value, 'alias');
  const payload = aliased
    ? payloadOf(aliased.this, 'table')
    : (payloadOf(value, 'table') ?? (isObject(value) ? value : undefined));
  if (!payload) return undefined;
  const name = tableNameOf(env, payload);
  if (!name) return undefined;
  const alias = identName(env, aliased ? aliased.alias : payload.alias);
  return { name, alias };
}

/**
 * Maps a relation onto target columns: an explicit column list first, else the target's known
 * columns when the widths agree, else the relation's own column names.
 */
export function writeFrom(
  env: AnalysisEnv,
  target: TableName,
  relation: Relation,
  columnList: string[] | undefined,
  temporary: boolean,
): Write {
  const known = env.catalog.lookup(target.parts) ?? env.catalog.lookup(target.written);
  const hasStar = relation.columns.some((c) => c.name === '*');
  let names = relation.columns.map((c) => c.name);
  if (columnList && columnList.length > 0) {
    if (!hasStar && columnList.length !== relation.columns.length) {
      report(
        env,
        'warning',
        'column_count_mismatch',
        `${target.display} lists ${columnList.length} columns but the query returns ${relation.columns.length}`,
      );
    }
    if (!hasStar) names = relation.columns.map((c, i) => columnList[i] ?? c.name);
  } else if (known && !hasStar && known.length >= relation.columns.length) {
    names = relation.columns.map((c, i) => known[i] ?? c.name);
  }
  const fields = new Map<string, LineageSet>();
  relation.columns.forEach((column, i) => {
    const name = names[i] ?? column.name;
    const lineage = fields.get(name) ?? new Map();
    mergeInto(lineage, column.lineage);
    fields.set(name, lineage);
  });
  const columns = hasStar ? known : [...fields.keys()];
  const written = renameColumns(
    env,
    relation,
    names.map((n) => ({ name: n, quoted: true })),
  );
  return { target, temporary, isPath: false, fields, indirect: relation.indirect, columns, relation: written };
}

function identList(env: AnalysisEnv, value: unknown): string[] {
  return asArray(value)
    .map((v) => identName(env, isObject(v) && isObject(v.name) ? v.name : v))
    .filter((n): n is string => n !== undefined);
}

function insertWrites(outer: QueryContext, payload: Payload): Write[] {
  const env = outer.env;
  const ctx = withCtes(outer, payload.with, 0);
  const relation = payload.query ? analyzeQuery(ctx, payload.query, 0) : valuesRelation(ctx, payload.values);
  const directory =
    isObject(payload.directory) && typeof payload.directory.path === 'string' ? payload.directory.path : undefined;
  if (directory !== undefined) {
    const target: TableName = { parts: [directory], display: directory, written: [directory] };
    return [{ ...writeFrom(env, target, relation, undefined, false), isPath: true }];
  }
  const target = targetTable(env, payload.table);
  if (!target) return [];
  if (/^(select|with|from|values)$/i.test(target.name.display)) {
    report(
      env,
      'error',
      'invalid_target',
      `'${target.name.display}' is a keyword, not a target table`,
      asIdentifier(
        payloadOf(payload.table, 'table')?.name ?? (isObject(payload.table) ? payload.table.name : undefined),
      )?.span?.start,
    );
    return [];
  }
  const write = writeFrom(env, target.name, relation, identList(env, payload.columns), isTempName(target.name));
  return [{ ...write, columns: write.temporary ? write.columns : undefined }];
}

function valuesRelation(ctx: QueryContext, values: unknown): Relation {
  const rows = asArray(values).map((row) => ({ expressions: asArray(row) }));
  return analyzeQuery(ctx, { values: { expressions: rows } }, 0);
}

function createTableWrites(ctx: QueryContext, payload: Payload): Write[] {
  const env = ctx.env;
  const target = targetTable(env, payload.name);
  if (!target) return [];
  const temporary = payload.temporary === true || isTempName(target.name);
  const defined = asArray(payload.columns)
    .map((c) => (isObject(c) ? identName(env, c.name) : undefined))
    .filter((n): n is string => n !== undefined);
  for (const constraint of asArray(payload.constraints)) {
    const like = isObject(constraint) && isObject(constraint.Like) ? constraint.Like : undefined;
    const source = like ? targetTable(env, like.source) : undefined;
    if (source) {
      env.inputs.add(source.name.display);
      const columns = env.catalog.lookup(source.name.parts);
      if (columns) env.catalog.define(target.name.parts, columns);
    }
  }
  if (payload.as_select) {
    const relation = analyzeQuery(ctx, payload.as_select, 0);
    return [writeFrom(env, target.name, relation, defined, temporary)];
  }
  if (payload.clone_source) return cloneLineage(env, target.name, payload.clone_source);
  if (defined.length > 0) env.catalog.define(target.name.parts, defined);
  const relation = createRelation(defined.map((name) => ({ name, lineage: new Map() })));
  return [
    {
      target: target.name,
      temporary,
      isPath: false,
      fields: new Map(),
      indirect: new Map(),
      columns: defined,
      relation,
    },
  ];
}

function viewWrites(ctx: QueryContext, payload: Payload): Write[] {
  const env = ctx.env;
  const target = targetTable(env, payload.name);
  if (!target || !payload.query) return [];
  const relation = analyzeQuery(ctx, payload.query, 0);
  const columns = identList(env, payload.columns);
  return [writeFrom(env, target.name, relation, columns, payload.temporary === true)];
}
