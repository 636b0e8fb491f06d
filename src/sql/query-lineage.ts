import type { Payload } from './ast.js';
import { asArray, isObject, kindOf, payloadOf } from './ast.js';
import type { AnalysisEnv } from './env.js';
import { BudgetExceededError, report, tick } from './env.js';
import { exprLineage, identName } from './expression-lineage.js';
import { addFromItem, addJoins } from './from-sources.js';
import type { LineageSet } from './lineage-set.js';
import { IDENTITY, indirect, mergeInto } from './lineage-set.js';
import type { Relation, RelColumn, Scope } from './scope.js';
import { createRelation } from './scope.js';
import { nameSelectItem, tsqlAssignment } from './select-item-name.js';
import { expandStar } from './star-expansion.js';

/** What a query needs from its surroundings: the analysis, an outer scope and visible CTEs. */
export interface QueryContext {
  env: AnalysisEnv;
  parent?: Scope;
  ctes: Map<string, Relation>;
}

/** Column lineage of a query expression (SELECT, set operation, parenthesised or VALUES query). */
export function analyzeQuery(ctx: QueryContext, node: unknown, depth: number): Relation {
  tick(ctx.env, depth);
  const kind = kindOf(node);
  const payload = payloadOf(node);
  if (!payload) return createRelation([]);
  switch (kind) {
    case 'select':
      return analyzeSelect(ctx, payload, depth);
    case 'union':
    case 'intersect':
    case 'except':
      return analyzeSetOperation(ctx, payload, depth);
    case 'subquery':
    case 'paren':
      return renameColumns(ctx.env, analyzeQuery(ctx, payload.this, depth + 1), payload.column_aliases);
    case 'values':
      return analyzeValues(ctx, payload, depth);
    default:
      report(ctx.env, 'warning', 'unsupported_query', `query of kind '${kind}' is not traced`);
      return createRelation([]);
  }
}

/** Registers the CTEs of a WITH clause in order; a recursive CTE sees its anchor member. */
export function withCtes(ctx: QueryContext, withClause: unknown, depth: number): QueryContext {
  const list = asArray(isObject(withClause) ? withClause.ctes : undefined);
  if (list.length === 0) return ctx;
  const visible = new Map(ctx.ctes);
  const inner: QueryContext = { ...ctx, ctes: visible };
  for (const cte of list) {
    if (!isObject(cte)) continue;
    const name = identName(ctx.env, cte.alias);
    const body = cte.this;
    if (name === undefined || !isObject(body)) continue;
    const bodyKind = kindOf(body);
    const anchor = bodyKind === 'union' ? payloadOf(body)?.left : undefined;
    if (anchor && isObject(anchor)) {
      visible.set(name, renameColumns(ctx.env, analyzeQuery(inner, anchor, depth + 1), cte.columns));
    }
    visible.set(name, renameColumns(ctx.env, analyzeQuery(inner, body, depth + 1), cte.columns));
  }
  return inner;
}

/** Applies a column-alias list (`AS t(a, b)`, `cte(a, b)`) to a relation's columns by position. */
export function renameColumns(env: AnalysisEnv, relation: Relation, aliases: unknown): Relation {
  const names = asArray(aliases).map((a) =>
    identName(env, isObject(a) && 'name' in a && isObject(a.name) ? a.name : a),
  );
  if (names.length === 0) return relation;
  const columns = relation.columns.map((c, i) => ({ name: names[i] ?? c.name, lineage: c.lineage }));
  const renamed = createRelation(columns, relation.indirect);
  renamed.starResolvers.push(...relation.starResolvers);
  return renamed;
}

function analyzeSelect(outer: QueryContext, payload: Payload, depth: number): Relation {
  const ctx = withCtes(outer, payload.with, depth);
  const env = ctx.env;
  const scope: Scope = { sources: [], parent: outer.parent, aliasMode: 'none' };
  const indirectSet: LineageSet = new Map();
  const relation = createRelation([], indirectSet);
  const exprCtx = { ...ctx, scope };
  const from = isObject(payload.from) ? asArray(payload.from.expressions) : [];
  for (const item of from) addFromItem(exprCtx, item, indirectSet, depth + 1);
  addJoins(exprCtx, payload.joins, indirectSet, depth + 1);
  for (const view of asArray(payload.lateral_views))
    addFromItem(exprCtx, { lateral_view: view }, indirectSet, depth + 1);

  const aliases = new Map<string, LineageSet>();
  scope.aliases = aliases;
  scope.aliasMode = env.lateral ? 'lateral' : 'none';
  const columns: RelColumn[] = [];
  for (const item of asArray(payload.expressions)) {
    if (columns.length >= env.budget.maxColumns) {
      throw new BudgetExceededError(`more than ${env.budget.maxColumns} output columns`);
    }
    if (kindOf(item) === 'star') {
      expandStar(exprCtx, payloadOf(item) ?? {}, columns, relation, depth + 1);
      continue;
    }
    const lineage: LineageSet = new Map();
    const assignment = tsqlAssignment(env, item);
    exprLineage(exprCtx, assignment ? assignment.expr : item, IDENTITY, lineage, depth + 1);
    const name = assignment?.name ?? nameSelectItem(env, item, columns.length);
    columns.push({ name, lineage });
    if (!aliases.has(name)) aliases.set(name, lineage);
  }
  scope.aliasMode = 'none';
  if (payload.where_clause) exprLineage(exprCtx, payload.where_clause, indirect('FILTER'), indirectSet, depth + 1);
  scope.aliasMode = 'fallback';
  clauseLineage(exprCtx, payload.group_by, columns, indirect('GROUP_BY'), indirectSet, depth);
  if (payload.having) exprLineage(exprCtx, payload.having, indirect('FILTER'), indirectSet, depth + 1);
  scope.aliasMode = 'prefer';
  if (payload.qualify) exprLineage(exprCtx, payload.qualify, indirect('FILTER'), indirectSet, depth + 1);
  clauseLineage(exprCtx, payload.order_by, columns, indirect('SORT'), indirectSet, depth);
  for (const c of columns) relation.columns.push(c);
  for (const c of columns) if (!relation.byName.has(c.name)) relation.byName.set(c.name, c);
  return relation;
}

/** GROUP BY / ORDER BY: positions (`GROUP BY 1`) name select items; other items are expressions. */
function clauseLineage(
  ctx: Parameters<typeof exprLineage>[0],
  clause: unknown,
  columns: RelColumn[],
  mode: string,
  out: LineageSet,
  depth: number,
): void {
  const items = isObject(clause) ? asArray(clause.expressions) : asArray(clause);
  for (const raw of items) {
    // ORDER BY items are `{ this: expr, desc, ... }`; GROUP BY items are expressions.
    const ordered = isObject(raw) && 'this' in raw && (kindOf(raw) === 'this' || Object.keys(raw).length > 1);
    const item = ordered && isObject(raw) ? raw.this : raw;
    const literal = payloadOf(item, 'literal');
    if (literal && literal.literal_type === 'number') {
      const column = columns[Number(literal.value) - 1];
      if (column) mergeInto(out, column.lineage, mode);
      continue;
    }
    exprLineage(ctx, item, mode, out, depth + 1);
  }
}

const SET_OPERATIONS = new Set(['union', 'intersect', 'except']);

/** Adds `right` into the accumulator `into` column by column (set operations). */
function mergeByPosition(into: Relation, right: Relation): void {
  right.columns.forEach((r, i) => {
    const l = into.columns[i];
    if (l) mergeInto(l.lineage, r.lineage);
    else into.columns.push({ name: r.name, lineage: new Map(r.lineage) });
  });
  mergeInto(into.indirect, right.indirect);
  into.starResolvers.push(...right.starResolvers);
}

/** A fresh copy of a relation whose lineage sets may be merged into. */
function accumulator(first: Relation): Relation {
  const relation = createRelation(
    first.columns.map((c) => ({ name: c.name, lineage: new Map(c.lineage) })),
    new Map(first.indirect),
  );
  relation.starResolvers.push(...first.starResolvers);
  return relation;
}

/** One resolver over all branches' unexpanded stars. */
function combineResolvers(relation: Relation): void {
  const resolvers = relation.starResolvers.splice(0);
  if (resolvers.length === 0) return;
  relation.starResolvers.push((name) => {
    const merged: LineageSet = new Map();
    for (const resolve of resolvers) {
      const found = resolve(name);
      if (found) mergeInto(merged, found);
    }
    return merged;
  });
}

/**
 * UNION / INTERSECT / EXCEPT: columns merge by position, named after the first branch. A long
 * left-deep chain is walked iteratively, so 500 UNION ALL branches cost no nesting depth.
 */
function analyzeSetOperation(outer: QueryContext, payload: Payload, depth: number): Relation {
  const ctx = withCtes(outer, payload.with, depth);
  const rights: unknown[] = [payload.right];
  let left: unknown = payload.left;
  for (
    let p = payloadOf(left);
    SET_OPERATIONS.has(kindOf(left) ?? '') && p && !p.with && !p.order_by;
    p = payloadOf(left)
  ) {
    tick(ctx.env, depth);
    rights.push(p.right);
    left = p.left;
  }
  const relation = accumulator(analyzeQuery(ctx, left, depth + 1));
  for (let i = rights.length - 1; i >= 0; i--) mergeByPosition(relation, analyzeQuery(ctx, rights[i], depth + 1));
  combineResolvers(relation);
  for (const c of relation.columns) if (!relation.byName.has(c.name)) relation.byName.set(c.name, c);
  const columns = relation.columns;
  const scope: Scope = { sources: [{ kind: 'derived', alias: '', relation }], aliasMode: 'prefer' };
  scope.aliases = new Map(columns.map((c) => [c.name, c.lineage]));
  clauseLineage({ ...ctx, scope }, payload.order_by, columns, indirect('SORT'), relation.indirect, depth);
  return relation;
}

function analyzeValues(ctx: QueryContext, payload: Payload, depth: number): Relation {
  const scope: Scope = { sources: [], parent: ctx.parent, aliasMode: 'none' };
  const columns: RelColumn[] = [];
  for (const row of asArray(payload.expressions)) {
    const cells = isObject(row) ? asArray(row.expressions) : asArray(row);
    cells.forEach((cell, i) => {
      let column = columns[i];
      if (!column) {
        column = { name: `column${i + 1}`, lineage: new Map() };
        columns.push(column);
      }
      exprLineage({ ...ctx, scope }, cell, IDENTITY, column.lineage, depth + 1);
    });
  }
  return createRelation(columns);
}
