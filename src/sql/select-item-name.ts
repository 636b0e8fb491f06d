import type { AstNode } from './ast.js';
import { kindOf, payloadOf } from './ast.js';
import type { AnalysisEnv } from './env.js';
import { identName } from './expression-lineage.js';

/**
 * The output name of a select item: its alias, the column or struct field it reads, the column
 * under a `::` cast (as PostgreSQL names it), else the expression text lower-cased.
 */
export function nameSelectItem(env: AnalysisEnv, item: AstNode, index: number): string {
  const kind = kindOf(item);
  const payload = payloadOf(item);
  if (!payload) return `_col${index}`;
  if (kind === 'alias') return identName(env, payload.alias) ?? `_col${index}`;
  if (kind === 'column') return identName(env, payload.name) ?? `_col${index}`;
  if (kind === 'dot') return identName(env, payload.field) ?? `_col${index}`;
  if (kind === 'cast' && payload.double_colon_syntax === true && kindOf(payload.this) === 'column') {
    return identName(env, payloadOf(payload.this)?.name) ?? `_col${index}`;
  }
  const text = env.parser.render(item, env.rules.grammar);
  return text ? text.toLowerCase() : `_col${index}`;
}
