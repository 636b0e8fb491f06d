import { asArray, asIdentifier, isObject, kindOf, payloadOf } from './ast.js';

const BINARY: Record<string, string> = { add: '+', sub: '-', mul: '*', div: '/', mod: '%', d_pipe: '||', dpipe: '||' };
const UNARY_FUNCTIONS = new Set(['sum', 'avg', 'min', 'max', 'count', 'upper', 'lower', 'abs', 'length', 'trim']);
const TRIVIAL_KEYS = new Set([
  'span',
  'trailing_comments',
  'name',
  'original_name',
  'distinct',
  'filter',
  'order_by',
  'ignore_nulls',
  'star',
  'this',
  'args',
  'quoted',
]);

/**
 * Renders common expression shapes (columns, literals, `*`, function calls, arithmetic) as SQL
 * text without a round trip through the parser's generator; undefined for anything else, which
 * the caller then renders with the parser. Used only to name unaliased result columns.
 */
export function renderExpression(node: unknown, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  const kind = kindOf(node);
  const payload = payloadOf(node);
  if (kind === undefined || payload === undefined) return kind === 'star' ? '*' : undefined;
  switch (kind) {
    case 'column': {
      const name = asIdentifier(payload.name);
      const table = asIdentifier(payload.table);
      if (!name || name.quoted || table?.quoted) return undefined;
      return table ? `${table.name}.${name.name}` : name.name;
    }
    case 'star':
      return '*';
    case 'literal':
      if (payload.literal_type === 'number' && typeof payload.value === 'string') return payload.value;
      if (payload.literal_type === 'string' && typeof payload.value === 'string')
        return `'${payload.value.replaceAll("'", "''")}'`;
      return undefined;
    case 'paren': {
      const inner = renderExpression(payload.this, depth + 1);
      return inner === undefined ? undefined : `(${inner})`;
    }
    case 'function': {
      if (typeof payload.name !== 'string' || payload.distinct === true) return undefined;
      const args = asArray(payload.args).map((a) => renderExpression(a, depth + 1));
      return args.every((a) => a !== undefined) ? `${payload.name}(${args.join(', ')})` : undefined;
    }
    default:
      break;
  }
  const op = BINARY[kind];
  if (op !== undefined) {
    const left = renderExpression(payload.left, depth + 1);
    const right = renderExpression(payload.right, depth + 1);
    return left === undefined || right === undefined ? undefined : `${left} ${op} ${right}`;
  }
  if (UNARY_FUNCTIONS.has(kind) && isSimpleCall(payload)) {
    if (payload.star === true) return `${kind}(*)`;
    const arg = renderExpression(payload.this, depth + 1);
    return arg === undefined ? undefined : `${kind}(${arg})`;
  }
  return undefined;
}

function isSimpleCall(payload: Record<string, unknown>): boolean {
  for (const key in payload) {
    const value = payload[key];
    if (!TRIVIAL_KEYS.has(key)) return false;
    if (key === 'distinct' && value === true) return false;
    if (key === 'filter' && value !== null && value !== undefined) return false;
    if (key === 'order_by' && Array.isArray(value) && value.length > 0) return false;
    if (key === 'ignore_nulls' && value !== null && value !== undefined && value !== false) return false;
  }
  return isObject(payload.this) || payload.star === true;
}
