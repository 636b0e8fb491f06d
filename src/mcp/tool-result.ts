import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InputError, isRootlineError, NotFoundError } from '../model/errors.js';
import { UnknownDialectError } from '../sql/index.js';
import { clip } from './budget.js';

/** Longest summary paragraph; the budget keeps this much back for it. */
export const SUMMARY_MAX = 880;

/**
 * A successful answer: the structured JSON and the one-paragraph summary a model reads first.
 * A summary over {@link SUMMARY_MAX} is shortened in its middle, keeping the closing sentence
 * about what was left out and the cursor to continue.
 */
export function toolResult(structured: Record<string, unknown>, summary: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text: fitSummary(summary) }] };
}

function fitSummary(summary: string): string {
  if (summary.length <= SUMMARY_MAX) return summary;
  const showing = summary.lastIndexOf(' Showing ');
  const tail = showing > 0 ? summary.slice(showing) : '';
  const head = showing > 0 ? summary.slice(0, showing) : summary;
  return `${clip(head, Math.max(80, SUMMARY_MAX - tail.length))}${tail}`;
}

/**
 * An expected failure as `isError: true` with a message the model can act on: for an unknown
 * node the closest existing ids, for bad input the argument that was wrong.
 */
export function toolError(error: InputError | NotFoundError | Error): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: errorMessage(error) }] };
}

/** Ends a message with exactly one full stop (or its own question mark). */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function errorMessage(error: Error): string {
  if (error instanceof NotFoundError) {
    const named = error.suggestions.filter((id) => !error.message.includes(id));
    const more = named.length ? ` Closest matching ids: ${named.join(', ')}.` : '';
    const isNode = error.message.startsWith('no node');
    const next = error.suggestions.length
      ? ` Retry with one of these ids${isNode ? ', or call search_assets to look further' : ''}.`
      : isNode
        ? ' Call search_assets with part of the name to find the exact id.'
        : '';
    return `Not found: ${sentence(error.message)}${more}${next}`;
  }
  if (error instanceof InputError) {
    const where = error.path ? ` (argument ${error.path})` : '';
    return `Invalid input${where}: ${error.message}`;
  }
  if (error instanceof UnknownDialectError) return `Invalid input (argument dialect): ${error.message}`;
  return `${error.name}: ${error.message}`;
}

/**
 * Runs a tool body and turns Rootline's expected errors into tool errors. Anything else is a bug
 * and is rethrown, so the SDK reports it as an internal failure.
 */
export async function answerWith(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (isRootlineError(error) || error instanceof UnknownDialectError) return toolError(error);
    throw error;
  }
}
