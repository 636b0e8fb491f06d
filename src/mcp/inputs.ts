import { z } from 'zod';
import { InputError } from '../model/errors.js';
import { type NodeRef, parseNodeId } from '../model/node-id.js';
import { parseTime, parseTimeOrAgo } from '../model/time.js';

/**
 * Zod shapes shared by the tools' input schemas. Values that need parsing (node ids, times) stay
 * strings in the schema, so the published JSON Schema is plain, and are parsed in the tool with
 * the model's own parsers, whose errors name the argument.
 */
export const nodeIdInput = z
  .string()
  .min(1)
  .max(4096)
  .describe(
    'A Rootline node id, e.g. dataset:postgres://db:5432:public.orders, ' +
      'datasetField:postgres://db:5432:public.orders:amount, job:airflow:daily.orders, modelVersion:mlflow://prod:churn:3, ' +
      'deployment:serving://prod:churn-prod. Use search_assets to find one.',
  );

export const asOfInput = z
  .string()
  .max(64)
  .optional()
  .describe('Answer as of this ISO-8601 time (the graph as it was then); now when omitted.');

/** A time window's start and end, for tools that look at what happened in one. */
export const windowInputs = {
  since: z
    .string()
    .max(64)
    .default('7d')
    .describe('Start of the window: an ISO-8601 time or a window back from now such as 7d, 12h (default 7d).'),
  until: z.string().max(64).optional().describe('End of the window (ISO-8601); now when omitted.'),
};

export const cursorInput = z
  .string()
  .max(2_000)
  .optional()
  .describe('The page.nextCursor of a previous answer to this tool with the same arguments, for the next page.');

/** Parses a node id argument; a malformed id is an input error naming the argument. */
export function readNodeId(value: string, argument: string): { id: string; ref: NodeRef } {
  try {
    return { id: value, ref: parseNodeId(value) };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message, { path: argument, cause: error });
    throw error;
  }
}

/** Parses an optional ISO time argument into canonical UTC. */
export function readTime(value: string | undefined, argument: string): string | undefined {
  return value === undefined ? undefined : parseTime(value, argument);
}

/** Parses an ISO time or a window back from now (`7d`, `12h`). */
export function readTimeOrAgo(value: string, argument: string): string {
  return parseTimeOrAgo(value, argument);
}
