import { z } from 'zod';
import { canonicalJson, sha256 } from '../model/canonical-json.js';
import { InputError } from '../model/errors.js';

/** About how many characters of serialized output one tool answer may use (structured JSON plus summary). */
export const DEFAULT_BUDGET = 8_000;

/** Characters kept back from the budget for the one-paragraph text summary (at most 880, see tool-result). */
const SUMMARY_RESERVE = 900;

/** Where a paginated answer stopped, and how to continue. */
export interface PageInfo {
  /** Position of the first returned item in the whole list. */
  offset: number;
  returned: number;
  total: number;
  /** Items after this page; ask again with `cursor` for them. */
  remaining: number;
  /** Opaque; pass it back as `cursor` with the same arguments for the next page. */
  nextCursor: string | null;
}

interface CursorState {
  tool: string;
  args: string;
  offset: number;
}

/** A fingerprint of the arguments a cursor belongs to (everything but the cursor itself). */
function fingerprint(args: Record<string, unknown>): string {
  const { cursor: _cursor, ...rest } = args;
  return sha256(canonicalJson(rest)).slice(0, 16);
}

/** Encodes where the next page starts, bound to the tool and its arguments. */
export function encodeCursor(tool: string, args: Record<string, unknown>, offset: number): string {
  const state: CursorState = { tool, args: fingerprint(args), offset };
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/**
 * The offset a cursor points at (0 without one). A cursor made for another tool or other
 * arguments is an input error that says how to recover: ask again without it.
 */
export function decodeCursor(tool: string, args: Record<string, unknown>, cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InputError('cursor is not one this server issued; call again without cursor', {
      path: 'cursor',
      cause: error,
    });
  }
  if (!isCursorState(state) || state.tool !== tool || state.args !== fingerprint(args)) {
    throw new InputError(
      `cursor belongs to another ${tool} call; pass it back with exactly the same arguments, or call again without cursor`,
      { path: 'cursor' },
    );
  }
  return state.offset;
}

function isCursorState(value: unknown): value is CursorState {
  if (typeof value !== 'object' || value === null) return false;
  const record: Record<string, unknown> = { ...value };
  return (
    typeof record.tool === 'string' &&
    typeof record.args === 'string' &&
    typeof record.offset === 'number' &&
    Number.isInteger(record.offset) &&
    record.offset >= 0
  );
}

export interface FitOptions<T> {
  tool: string;
  args: Record<string, unknown>;
  /** The answer without its list: headers, counts, summaries. */
  base: Record<string, unknown>;
  /** The property the page of items goes under. */
  listKey: string;
  /** Items from `offset` on (or the whole list when `sliced` is false). */
  items: readonly T[];
  offset: number;
  /** Total length of the whole list (defaults to what `items` implies). */
  total?: number;
  /** True when `items` already starts at `offset` (a store page); false when it is the whole list. */
  sliced?: boolean;
  budget: number;
}

/** A fitted answer, with its page of items typed for callers that enrich them. */
export interface FitResult<T> {
  answer: Record<string, unknown> & { page: PageInfo };
  items: T[];
  page: PageInfo;
}

/**
 * Takes as many items, in order, as fit in the budget beside `base`, and returns the answer with a
 * `page` saying what was left out and a cursor to continue. At least one item is returned when
 * any is left, so paging always progresses; items are compacted beforehand so one stays small.
 */
export function fitPage<T>(options: FitOptions<T>): FitResult<T> {
  const candidates = options.sliced ? options.items : options.items.slice(options.offset);
  const total = options.total ?? (options.sliced ? options.offset + options.items.length : options.items.length);
  const placeholder: PageInfo = {
    offset: options.offset,
    returned: 0,
    total,
    remaining: total,
    nextCursor: encodeCursor(options.tool, options.args, total),
  };
  let used = JSON.stringify({ ...options.base, [options.listKey]: [], page: placeholder }).length + SUMMARY_RESERVE;
  const taken: T[] = [];
  for (const item of candidates) {
    const size = JSON.stringify(item).length + 1;
    if (taken.length > 0 && used + size > options.budget) break;
    taken.push(item);
    used += size;
  }
  const next = options.offset + taken.length;
  const page: PageInfo = {
    offset: options.offset,
    returned: taken.length,
    total,
    remaining: Math.max(0, total - next),
    nextCursor: next < total ? encodeCursor(options.tool, options.args, next) : null,
  };
  return { answer: { ...options.base, [options.listKey]: taken, page }, items: taken, page };
}

/** One sentence on what a page left out, for the text summary ("" when nothing was). */
export function describePage(page: PageInfo, noun: string): string {
  if (page.remaining === 0 && page.offset === 0) return '';
  const shown = `Showing ${noun} ${page.offset + 1}-${page.offset + page.returned} of ${page.total}`;
  return page.remaining > 0
    ? `${shown}; ${page.remaining} more left out to stay within the size budget: call again with cursor "${page.nextCursor}" for the next page.`
    : `${shown} (last page).`;
}

/** Shortens long text (descriptions, SQL) so one item cannot use up the budget. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first `max` entries of a list and how many were dropped (for per-item caps). */
export function capList<T>(items: readonly T[], max: number): { items: T[]; more: number } {
  return { items: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** The output schema of {@link PageInfo}. */
export const pageOutput = z.object({
  offset: z.number().int(),
  returned: z.number().int(),
  total: z.number().int(),
  remaining: z.number().int(),
  nextCursor: z.string().nullable(),
});

/** One tool call's paging: where its cursor points, and the fit of its answer from there. */
export interface Pager {
  /** The offset the call's cursor points at (0 without one). */
  offset: number;
  /** {@link fitPage} for this call: its tool, arguments, offset and budget are filled in. */
  fit<T>(
    base: Record<string, unknown>,
    listKey: string,
    items: readonly T[],
    options?: { total?: number; sliced?: boolean },
  ): FitResult<T>;
}

/**
 * Decodes a tool call's cursor and binds the call to {@link fitPage}, so every paginated tool
 * pages the same way: the cursor is checked first, before any work, and bound to the arguments.
 */
export function startPaging(
  tool: string,
  args: Record<string, unknown> & { cursor?: string | undefined },
  budget: number,
): Pager {
  const offset = decodeCursor(tool, args, args.cursor);
  return {
    offset,
    fit: (base, listKey, items, options = {}) =>
      fitPage({ tool, args, base, listKey, items, offset, budget, ...options }),
  };
}
