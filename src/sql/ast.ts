/**
 * The AST vocabulary the walker reads: sqlglot's expression kinds as JSON, one object per node
 * with a single key naming its kind (`{ column: { name, table } }`, `{ select: { expressions,
 * from, joins, ... } }`). A parser adapter must produce this shape; see `parser.ts`.
 */
export type AstNode = Record<string, unknown>;
export type Payload = Record<string, unknown>;

/** A parsed identifier: `{ name, quoted }`, with a character span when the parser knows it. */
export interface Identifier {
  name: string;
  quoted?: boolean;
  span?: { start: number; end: number };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kind of a node (its single key), or undefined for anything that is not a node. */
export function kindOf(node: unknown): string | undefined {
  if (!isObject(node)) return undefined;
  for (const key in node) return key;
  return undefined;
}

/** The payload of a node of the given kind, or undefined. */
export function payloadOf(node: unknown, kind?: string): Payload | undefined {
  if (!isObject(node)) return undefined;
  const k = kindOf(node);
  if (k === undefined || (kind !== undefined && k !== kind)) return undefined;
  const value = node[k];
  return isObject(value) ? value : undefined;
}

export function asIdentifier(value: unknown): Identifier | undefined {
  if (!isObject(value) || typeof value.name !== 'string') return undefined;
  const span = isObject(value.span) && typeof value.span.start === 'number' ? value.span : undefined;
  return {
    name: value.name,
    quoted: value.quoted === true,
    span: span ? { start: Number(span.start), end: Number(span.end) } : undefined,
  };
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function field(payload: Payload | undefined, key: string): unknown {
  return payload === undefined ? undefined : payload[key];
}

/** First character offset found in a subtree (identifiers and columns carry spans). */
export function firstOffset(node: unknown, budget = 200): number | undefined {
  const stack: unknown[] = [node];
  let seen = 0;
  while (stack.length > 0 && seen++ < budget) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (isObject(v)) {
      const span = v.span;
      if (isObject(span) && typeof span.start === 'number') return span.start;
      const values = Object.values(v);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return undefined;
}
