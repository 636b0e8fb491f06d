import { isObject, kindOf, payloadOf } from './ast.js';
import type { AnalysisEnv } from './env.js';
import { identName } from './expression-lineage.js';
import { renderExpression } from './render-expression.js';

/**
 * The output name of a select item: its alias, the column or struct field it reads, the column
 * under a `::` cast (as PostgreSQL names it), else the expression text lower-cased.
 */
export function nameSelectItem(env: AnalysisEnv, node: unknown, index: number): string {
  const annotated = payloadOf(node, 'annotated');
  const item = annotated && isObject(annotated.this) ? annotated.this : node;
  const kind = kindOf(item);
  const payload = payloadOf(item);
  if (!payload) return `_col${index}`;
  if (kind === 'alias') return identName(env, payload.alias) ?? `_col${index}`;
  if (kind === 'column') return identName(env, payload.name) ?? `_col${index}`;
  if (kind === 'dot') return identName(env, payload.field) ?? `_col${index}`;
  if (kind === 'cast' && payload.double_colon_syntax === true && kindOf(payload.this) === 'column') {
    return identName(env, payloadOf(payload.this)?.name) ?? `_col${index}`;
  }
  const text = renderExpression(item) ?? (isObject(item) ? env.parser.render(item, env.rules.grammar) : undefined);
  return text ? text.toLowerCase() : `_col${index}`;
}

/**
 * T-SQL's `SELECT heading = expression`: returns the alias and the expression when `item` is
 * such an assignment, else undefined.
 */
export function tsqlAssignment(env: AnalysisEnv, item: unknown): { name: string; expr: unknown } | undefined {
  if (env.rules.name !== 'tsql') return undefined;
  const eq = payloadOf(item, 'eq');
  const left = eq ? payloadOf(eq.left, 'column') : undefined;
  if (!eq || !left || left.table) return undefined;
  const name = identName(env, left.name);
  return name === undefined ? undefined : { name, expr: eq.right };
}
