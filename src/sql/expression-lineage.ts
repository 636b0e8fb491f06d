import type { Payload } from './ast.js';
import { asArray, asIdentifier, isObject, kindOf, payloadOf } from './ast.js';
import { foldIdentifier } from './catalog.js';
import type { AnalysisEnv } from './env.js';
import { tick } from './env.js';
import { functionTransform } from './function-kinds.js';
import type { LineageSet, TransformKey } from './lineage-set.js';
import { addOrigin, compose, IDENTITY, indirect, mergeInto } from './lineage-set.js';
import { analyzeQuery, type QueryContext } from './query-lineage.js';
import type { Scope } from './scope.js';
import { resolveColumn } from './scope.js';

/** Everything an expression needs: the analysis, the scope for names and the visible CTEs. */
export interface ExprContext extends QueryContext {
  scope: Scope;
}

const QUERY_KINDS = new Set(['select', 'union', 'intersect', 'except', 'subquery']);
const NO_LINEAGE = new Set([
  'literal',
  'null',
  'boolean',
  'var',
  'identifier',
  'data_type',
  'parameter',
  'placeholder',
  'star',
  'current_date',
  'current_timestamp',
  'current_time',
  'interval_unit',
]);
const WRAPPER_KEYS = new Set(['this', 'expression', 'expressions']);
const PASS_THROUGH = new Set(['alias', 'paren', 'dot', 'ordered', 'distinct', 'annotated']);
const CONDITIONAL = indirect('CONDITIONAL');
const WINDOW = indirect('WINDOW');
const SKIP_KEYS = new Set(['span', 'trailing_comments', 'comments', 'pre_alias_comments', 'leading_comments']);

/** Folds an identifier payload per dialect. */
export function identName(env: AnalysisEnv, value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const name = value.name;
  return typeof name === 'string' ? foldIdentifier(name, value.quoted === true, env.rules.folding) : undefined;
}

/**
 * Adds to `out` the lineage of the expression `node`: every column it reads, each with the
 * transformation `mode` composed with what the expression does to it (identity, transformation,
 * aggregation, masking), and case conditions and window keys as indirect field lineage.
 */
export function exprLineage(ctx: ExprContext, node: unknown, mode: TransformKey, out: LineageSet, depth = 0): void {
  const kind = kindOf(node);
  if (kind === undefined) {
    walkValue(ctx, node, mode, out, depth);
    return;
  }
  tick(ctx.env, depth);
  if (NO_LINEAGE.has(kind)) return;
  // Clause wrappers (`{ this: expr }`, `{ expressions: [...] }`) are not expression kinds.
  if (WRAPPER_KEYS.has(kind)) {
    walkValue(ctx, isObject(node) ? node[kind] : undefined, mode, out, depth + 1);
    return;
  }
  const payload = payloadOf(node);
  if (payload === undefined) return;
  if (kind === 'column') {
    columnLineage(ctx, payload, mode, out);
    return;
  }
  if (PASS_THROUGH.has(kind)) {
    exprLineage(ctx, payload.this, mode, out, depth + 1);
    return;
  }
  if (QUERY_KINDS.has(kind)) {
    const relation = analyzeQuery({ ...ctx, parent: ctx.scope }, node, depth + 1);
    for (const column of relation.columns) mergeInto(out, column.lineage, mode);
    mergeInto(out, relation.indirect, mode);
    return;
  }
  if (kind === 'case') {
    caseLineage(ctx, payload, mode, out, depth);
    return;
  }
  if (kind === 'if_func') {
    exprLineage(ctx, payload.condition, compose(CONDITIONAL, mode), out, depth + 1);
    exprLineage(ctx, payload.true_value, mode, out, depth + 1);
    exprLineage(ctx, payload.false_value, mode, out, depth + 1);
    return;
  }
  if (kind === 'window_function') {
    exprLineage(ctx, payload.this, mode, out, depth + 1);
    windowLineage(ctx, payload.over, mode, out, depth);
    return;
  }
  const name = kind === 'function' && typeof payload.name === 'string' ? payload.name : kind;
  const inner = compose(functionTransform(name), mode);
  const filter = payload.filter;
  if (payload.star === true) starLineage(ctx, inner, out);
  for (const key in payload) {
    if (SKIP_KEYS.has(key) || key === 'filter' || key === 'over') continue;
    walkValue(ctx, payload[key], inner, out, depth + 1);
  }
  if (filter) exprLineage(ctx, filter, compose(CONDITIONAL, mode), out, depth + 1);
  if (payload.over) windowLineage(ctx, payload.over, mode, out, depth);
}

function walkValue(ctx: ExprContext, value: unknown, mode: TransformKey, out: LineageSet, depth: number): void {
  if (Array.isArray(value)) {
    for (const item of value) walkValue(ctx, item, mode, out, depth);
    return;
  }
  if (!isObject(value)) return;
  let keys = 0;
  for (const _ in value) if (++keys > 1) break;
  if (keys === 1) {
    exprLineage(ctx, value, mode, out, depth);
    return;
  }
  for (const key in value) {
    if (SKIP_KEYS.has(key)) continue;
    const child = value[key];
    if (typeof child === 'object' && child !== null) walkValue(ctx, child, mode, out, depth + 1);
  }
}

function columnLineage(ctx: ExprContext, payload: Payload, mode: TransformKey, out: LineageSet): void {
  const env = ctx.env;
  const name = identName(env, payload.name);
  if (name === undefined) return;
  const qualifier: string[] = [];
  for (const key of ['catalog', 'schema', 'table']) {
    const part = identName(env, payload[key]);
    if (part !== undefined) qualifier.push(part);
  }
  const at = asIdentifier(payload.name)?.span?.start;
  const found = resolveColumn(env, ctx.scope, qualifier, name, at);
  if (found) mergeInto(out, found, mode);
}

function caseLineage(ctx: ExprContext, payload: Payload, mode: TransformKey, out: LineageSet, depth: number): void {
  const condition = compose(CONDITIONAL, mode);
  if (payload.this) exprLineage(ctx, payload.this, condition, out, depth + 1);
  for (const when of asArray(payload.whens)) {
    const [test, result] = asArray(when);
    exprLineage(ctx, test, condition, out, depth + 1);
    exprLineage(ctx, result, mode, out, depth + 1);
  }
  if (payload.else_) exprLineage(ctx, payload.else_, mode, out, depth + 1);
}

function windowLineage(ctx: ExprContext, over: unknown, mode: TransformKey, out: LineageSet, depth: number): void {
  if (!isObject(over)) return;
  const key = compose(WINDOW, mode);
  walkValue(ctx, over.partition_by, key, out, depth + 1);
  walkValue(ctx, over.order_by, key, out, depth + 1);
}

/** `COUNT(*)` reads every row of every source: a `table.*` origin per base table. */
function starLineage(ctx: ExprContext, mode: TransformKey, out: LineageSet): void {
  for (const source of ctx.scope.sources) {
    if (source.kind === 'table') addOrigin(out, source.table, '*', mode);
    else for (const column of source.relation.columns) mergeInto(out, column.lineage, mode);
  }
}

/** Lineage of a standalone expression, starting from identity. */
export function lineageOf(ctx: ExprContext, node: unknown, mode: TransformKey = IDENTITY): LineageSet {
  const out: LineageSet = new Map();
  exprLineage(ctx, node, mode, out);
  return out;
}
