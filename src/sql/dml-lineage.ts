import type { Payload } from './ast.js';
import { asArray, isObject, kindOf, payloadOf } from './ast.js';
import type { ExprContext } from './expression-lineage.js';
import { exprLineage, identName } from './expression-lineage.js';
import { addFromItem } from './from-sources.js';
import type { LineageSet } from './lineage-set.js';
import { IDENTITY, indirect, mergeInto } from './lineage-set.js';
import type { QueryContext } from './query-lineage.js';
import { withCtes } from './query-lineage.js';
import type { Scope, Source } from './scope.js';
import type { Write } from './statement-lineage.js';
import { isTempName, targetTable } from './statement-lineage.js';

function emptyWrite(target: Write['target']): Write {
  return { target, temporary: isTempName(target), isPath: false, fields: new Map(), indirect: new Map() };
}

function assign(write: Write, column: string, lineage: LineageSet): void {
  const existing = write.fields.get(column) ?? new Map();
  mergeInto(existing, lineage);
  write.fields.set(column, existing);
}

/** Last part of a possibly qualified assignment target (`t.col`, `col`). */
function assignedColumn(ctx: ExprContext, node: unknown): string | undefined {
  const column = payloadOf(node, 'column');
  if (column) return identName(ctx.env, column.name);
  const ident = payloadOf(node, 'identifier') ?? (isObject(node) ? node : undefined);
  const name = identName(ctx.env, ident);
  return name?.split('.').at(-1);
}

/** Adds the target table to the scope as a readable source under its alias. */
function targetScope(ctx: QueryContext, target: NonNullable<ReturnType<typeof targetTable>>): ExprContext {
  const scope: Scope = { sources: [], aliasMode: 'none' };
  const columns = ctx.env.catalog.lookup(target.name.parts);
  const source: Source = {
    kind: 'table',
    alias: target.alias ?? target.name.parts.at(-1) ?? '',
    table: target.name.display,
    parts: target.name.parts,
    columns,
  };
  scope.sources.push(source);
  return { ...ctx, scope };
}

/**
 * MERGE: `WHEN MATCHED THEN UPDATE SET` and `WHEN NOT MATCHED THEN INSERT` assignments become
 * target column lineage; the ON condition is a JOIN and WHEN conditions are FILTERs.
 */
export function analyzeMerge(outer: QueryContext, payload: Payload): Write[] {
  const ctx = withCtes(outer, payload.with, 0);
  const target = targetTable(ctx.env, payload.this);
  if (!target) return [];
  const exprCtx = targetScope(ctx, target);
  const write = emptyWrite(target.name);
  addFromItem(exprCtx, payload.using, write.indirect, 1);
  const using = exprCtx.scope.sources[1];
  exprLineage(exprCtx, payload.on, indirect('JOIN'), write.indirect);
  const whens = asArray(payloadOf(payload.whens, 'whens')?.expressions ?? payload.whens);
  for (const when of whens) {
    const w = payloadOf(when, 'when');
    if (!w) continue;
    if (w.condition) exprLineage(exprCtx, w.condition, indirect('FILTER'), write.indirect);
    const action = asArray(payloadOf(w.then, 'tuple')?.expressions);
    const verb = payloadOf(action[0], 'var')?.this;
    if (verb === 'UPDATE') mergeUpdate(exprCtx, write, action[1], using);
    if (verb === 'INSERT') mergeInsert(exprCtx, write, action[1], action[2], using);
  }
  return [write];
}

function mergeUpdate(ctx: ExprContext, write: Write, sets: unknown, using: Source | undefined): void {
  const items = asArray(payloadOf(sets, 'tuple')?.expressions);
  if (items.length === 0) {
    copyAll(ctx, write, using);
    return;
  }
  for (const item of items) {
    const eq = payloadOf(item, 'eq');
    if (!eq) continue;
    const column = assignedColumn(ctx, eq.left);
    if (column === undefined) continue;
    const lineage: LineageSet = new Map();
    exprLineage(ctx, eq.right, IDENTITY, lineage);
    assign(write, column, lineage);
  }
}

function mergeInsert(
  ctx: ExprContext,
  write: Write,
  columns: unknown,
  values: unknown,
  using: Source | undefined,
): void {
  const names = asArray(payloadOf(columns, 'tuple')?.expressions).map((c) => assignedColumn(ctx, c));
  const exprs = asArray(payloadOf(values, 'tuple')?.expressions);
  if (names.length === 0 && exprs.length === 0) {
    copyAll(ctx, write, using);
    return;
  }
  names.forEach((name, i) => {
    if (name === undefined) return;
    const lineage: LineageSet = new Map();
    exprLineage(ctx, exprs[i], IDENTITY, lineage);
    assign(write, name, lineage);
  });
}

/** `UPDATE SET *` / `INSERT *`: every source column into the same-named target column. */
function copyAll(ctx: ExprContext, write: Write, using: Source | undefined): void {
  if (!using) return;
  if (using.kind === 'derived') {
    for (const column of using.relation.columns) assign(write, column.name, column.lineage);
    return;
  }
  for (const name of using.columns ?? ['*']) {
    const lineage: LineageSet = new Map();
    exprLineage(
      ctx,
      { column: { name: { name, quoted: true }, table: { name: using.alias, quoted: true } } },
      IDENTITY,
      lineage,
    );
    assign(write, name, lineage);
  }
}

/** UPDATE (optionally with FROM or joins): each SET column gets its expression's lineage. */
export function analyzeUpdate(outer: QueryContext, payload: Payload): Write[] {
  const ctx = withCtes(outer, payload.with, 0);
  const written = targetTable(ctx.env, payload.table);
  if (!written) return [];
  const exprCtx: ExprContext = { ...ctx, scope: { sources: [], aliasMode: 'none' } };
  const indirectSet: LineageSet = new Map();
  const from = isObject(payload.from_clause) ? asArray(payload.from_clause.expressions) : [];
  for (const item of from) addFromItem(exprCtx, item, indirectSet, 1);
  for (const join of [...asArray(payload.from_joins), ...asArray(payload.table_joins), ...asArray(payload.joins)]) {
    if (!isObject(join)) continue;
    addFromItem(exprCtx, join.this, indirectSet, 1);
    if (join.on) exprLineage(exprCtx, join.on, indirect('JOIN'), indirectSet);
  }
  // T-SQL `UPDATE alias SET ... FROM table AS alias`: the target is the aliased FROM table.
  const single = written.name.written.length === 1 ? written.name.written[0] : undefined;
  const aliased = exprCtx.scope.sources.find(
    (s) => s.kind === 'table' && s.alias === single && s.table !== written.name.display,
  );
  const target =
    aliased && aliased.kind === 'table'
      ? { name: { parts: aliased.parts, display: aliased.table, written: aliased.parts } }
      : written;
  if (!aliased) {
    const own = targetScope(ctx, written).scope.sources[0];
    if (own) exprCtx.scope.sources.unshift(own);
  }
  if (aliased) ctx.env.inputs.delete(target.name.display);
  const write = emptyWrite(target.name);
  write.indirect = indirectSet;
  for (const pair of asArray(payload.set)) {
    const [left, right] = asArray(pair);
    const column = assignedColumn(exprCtx, left);
    if (column === undefined) continue;
    const lineage: LineageSet = new Map();
    exprLineage(exprCtx, right, IDENTITY, lineage);
    assign(write, column, lineage);
  }
  if (payload.where_clause) exprLineage(exprCtx, payload.where_clause, indirect('FILTER'), write.indirect);
  return [write];
}

/** DELETE: no column values move, so only dataset-level FILTER lineage is recorded. */
export function analyzeDelete(outer: QueryContext, payload: Payload): Write[] {
  const ctx = withCtes(outer, payload.with, 0);
  const target = targetTable(ctx.env, payload.table);
  if (!target) return [];
  const exprCtx = targetScope(ctx, target);
  const write = emptyWrite(target.name);
  for (const using of asArray(payload.using)) {
    addFromItem(exprCtx, kindOf(using) ? using : { table: using }, write.indirect, 1);
  }
  if (payload.where_clause) exprLineage(exprCtx, payload.where_clause, indirect('FILTER'), write.indirect);
  return [write];
}
