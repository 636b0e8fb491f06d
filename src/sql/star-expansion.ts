import type { Payload } from './ast.js';
import { asArray, asIdentifier, isObject } from './ast.js';
import { report } from './env.js';
import type { ExprContext } from './expression-lineage.js';
import { exprLineage, identName } from './expression-lineage.js';
import type { LineageSet } from './lineage-set.js';
import { IDENTITY, single } from './lineage-set.js';
import type { Relation, RelColumn, Source } from './scope.js';
import { findSource } from './scope.js';

/**
 * Expands `*` or `t.*` into the columns of the sources it covers, honouring BigQuery
 * `* EXCEPT/REPLACE` and DuckDB `* EXCLUDE/REPLACE`. A table whose columns are unknown yields one
 * `*` column (a wildcard edge) plus a resolver, so outer queries can still name its columns.
 */
export function expandStar(
  ctx: ExprContext,
  star: Payload,
  columns: RelColumn[],
  relation: Relation,
  depth: number,
): void {
  const env = ctx.env;
  const qualifier = identName(env, star.table);
  let targets: Source[] = ctx.scope.sources;
  if (qualifier !== undefined) {
    const found = findSource(ctx.scope, qualifier.split('.'));
    if (!found) {
      report(
        env,
        'warning',
        'unknown_qualifier',
        `'${qualifier}.*' names no table in scope`,
        asIdentifier(star.table)?.span?.start,
      );
      return;
    }
    targets = [found];
  }
  const except = new Set(asArray(star.except).map((e) => identName(env, e)));
  const replace = new Map<string, unknown>();
  for (const r of asArray(star.replace)) {
    const alias = isObject(r) && isObject(r.alias) ? identName(env, r.alias) : undefined;
    if (alias !== undefined && isObject(r)) replace.set(alias, r.this);
  }
  for (const source of targets) {
    for (const column of sourceColumns(ctx, source, relation)) {
      if (except.has(column.name)) continue;
      const replacement = replace.get(column.name);
      if (replacement !== undefined) {
        const lineage: LineageSet = new Map();
        exprLineage(ctx, replacement, IDENTITY, lineage, depth + 1);
        columns.push({ name: column.name, lineage });
      } else columns.push(column);
    }
  }
}

function sourceColumns(ctx: ExprContext, source: Source, relation: Relation): RelColumn[] {
  if (source.kind === 'derived') {
    relation.starResolvers.push(...source.relation.starResolvers);
    return source.relation.columns;
  }
  if (source.columns !== undefined) {
    return source.columns.map((c) => ({ name: c, lineage: single(source.table, c, IDENTITY) }));
  }
  report(
    ctx.env,
    'info',
    'unexpanded_star',
    `columns of ${source.table} are unknown; '*' is kept as one wildcard edge (give a schema to expand it)`,
  );
  relation.starResolvers.push((name) => single(source.table, name, IDENTITY));
  return [{ name: '*', lineage: single(source.table, '*', IDENTITY) }];
}
