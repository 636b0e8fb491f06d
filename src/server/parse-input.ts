import { z } from 'zod';
import { InputError, type InputIssue } from '../model/errors.js';
import { type NodeRef, parseNodeId } from '../model/node-id.js';
import { parseTime, parseTimeOrAgo } from '../model/time.js';

/**
 * Parses a request part (`query`, `params`, `body`) with a zod schema, turning every zod issue into
 * an {@link InputIssue} whose path names the field as the client sent it (`query.depth`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw inputErrorFromZod(result.error, where);
}

/** Converts a zod error into an {@link InputError} with one issue per problem. */
export function inputErrorFromZod(error: z.ZodError, where: string): InputError {
  const issues: InputIssue[] = error.issues.map((issue) => ({
    path: formatPath(where, issue.path),
    message: issue.message,
  }));
  const first = issues[0] ?? { path: where, message: 'invalid input' };
  const message =
    issues.length === 1
      ? `${first.path}: ${first.message}`
      : `${issues.length} problems: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`;
  return new InputError(message, { path: first.path, issues });
}

function formatPath(where: string, path: readonly PropertyKey[]): string {
  let out = where;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out;
}

/** An ISO-8601 time query value, normalised to canonical UTC (the form stores compare). */
export const isoTime = z.string().transform((text, ctx) => {
  try {
    return parseTime(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a time' });
    return z.NEVER;
  }
});

/** An ISO-8601 time or a window back from now (`7d`, `12h`), normalised to canonical UTC. */
export const timeOrAgo = z.string().transform((text, ctx) => {
  try {
    return parseTimeOrAgo(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a time' });
    return z.NEVER;
  }
});

/** A node id query or path value, parsed with {@link parseNodeId}; keeps the id and its parts. */
export const nodeIdValue = z
  .string()
  .min(1)
  .transform((text, ctx): { id: string; ref: NodeRef } => {
    try {
      return { id: text, ref: parseNodeId(text) };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a node id' });
      return z.NEVER;
    }
  });

/** `true`/`false` in a query string (zod's coerce.boolean would read "false" as true). */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** A bounded non-negative integer from a query string. */
export function queryInt(options: { min?: number; max: number; default: number }) {
  return z.coerce
    .number()
    .int()
    .min(options.min ?? 0)
    .max(options.max)
    .default(options.default);
}

/** Marquez-style paging: `limit` (default 100) and `offset`. */
export const pageQuery = {
  limit: queryInt({ min: 1, max: 1000, default: 100 }).describe('The number of results to return from offset.'),
  offset: queryInt({ max: 10_000_000, default: 0 }).describe('The initial position from which to return results.'),
};
