/**
 * The closed set of errors Rootline raises on purpose. Each front-end maps them once:
 * HTTP status in the server's error handler, exit codes in the CLI, `isError` in MCP tools.
 */

/** One problem found while parsing input, with the JSON path of the offending value. */
export interface InputIssue {
  path: string;
  message: string;
}

/** Bad input from outside: a body, a flag, a file, a tool argument. Maps to HTTP 400, exit 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly path: string | undefined;
  readonly issues: InputIssue[];

  constructor(message: string, options: { path?: string; issues?: InputIssue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.path = options.path;
    this.issues = options.issues ?? (options.path ? [{ path: options.path, message }] : []);
  }
}

/** A node, run, version or record that does not exist. Maps to HTTP 404. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly suggestions: string[];

  constructor(message: string, options: { suggestions?: string[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.suggestions = options.suggestions ?? [];
  }
}

/** A write that contradicts what is already recorded (an immutable record relisted differently). HTTP 409. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  readonly path: string | undefined;

  constructor(message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.path = options.path;
  }
}

/** Missing, malformed, expired or revoked credentials. HTTP 401. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
}

/** Valid credentials that do not allow the action. HTTP 403. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

export type RootlineError = InputError | NotFoundError | ConflictError | AuthError | ForbiddenError;

export function isRootlineError(error: unknown): error is RootlineError {
  return (
    error instanceof InputError ||
    error instanceof NotFoundError ||
    error instanceof ConflictError ||
    error instanceof AuthError ||
    error instanceof ForbiddenError
  );
}
