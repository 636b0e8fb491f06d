import type { InputIssue } from '../../model/errors.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a path as JavaScript accessors (`outputs[0].facets.ownership.owners[0].name`). Keys that
 * are not identifiers, such as the facet name `spark.logicalPlan`, are bracketed and quoted so the
 * path stays unambiguous.
 */
export function formatIssuePath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

/** Turns zod issues into Rootline issues, with paths relative to `prefix` and plainer wording. */
export function toInputIssues(issues: readonly ZodLikeIssue[], prefix = ''): InputIssue[] {
  return issues.map((issue) => ({
    path: formatIssuePath(issue.path, prefix) || '(event)',
    message: plainMessage(issue),
  }));
}

function plainMessage(issue: ZodLikeIssue): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
  if (missing) return `is required (expected ${missing[1]})`;
  return issue.message.replace(/^Invalid input: /, '');
}
