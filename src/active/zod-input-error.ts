import type { z } from 'zod';
import { InputError, type InputIssue } from '../model/errors.js';

/** A zod error as an {@link InputError} whose path names the offending part (`rules[2].dataset`). */
export function zodInputError(error: z.ZodError, where: string): InputError {
  const issues: InputIssue[] = error.issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}${out ? '.' : ''}${String(key)}`),
      where,
    ),
    message: issue.message,
  }));
  const first = issues[0] ?? { path: where, message: 'invalid input' };
  const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new InputError(message, { path: first.path, issues });
}
