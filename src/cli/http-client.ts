import type { z } from 'zod';
import { AuthError, ConflictError, ForbiddenError, InputError, NotFoundError } from '../model/errors.js';
import { errorBodySchema } from './http-schemas.js';

/** The server did not answer at all (refused, unknown host, reset): an operational failure, not a bug. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/** A small typed HTTP client for a running Rootline server. */
export interface HttpClient {
  readonly baseUrl: string;
  get<T>(path: string, query: Record<string, string | number | boolean | undefined>, schema: z.ZodType<T>): Promise<T>;
  post<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T>;
  patch<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  delete<T>(path: string, schema: z.ZodType<T>): Promise<T>;
}

/**
 * Creates a client that sends JSON, parses answers with the given zod schema, and turns the
 * server's error bodies back into the typed errors they came from (so exit codes match local mode).
 */
export function createHttpClient(baseUrl: string, options: { token?: string | undefined } = {}): HttpClient {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  async function send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> {
    // Relative to the base, so a server behind a path prefix (https://host/rootline) keeps it.
    const url = new URL(path.replace(/^\/+/, ''), `${baseUrl}/`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new UnreachableError(`cannot reach the Rootline server at ${baseUrl}: ${describeCause(error)}`, {
        cause: error,
      });
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) throw toTypedError(response.status, json, `${method} ${url.pathname}`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `unexpected answer from ${method} ${url.pathname}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      );
    }
    return parsed.data;
  }

  return {
    baseUrl,
    get: (path, query, schema) => send('GET', path, query, undefined, schema),
    post: (path, query, body, schema) => send('POST', path, query, body, schema),
    patch: (path, body, schema) => send('PATCH', path, {}, body, schema),
    delete: (path, schema) => send('DELETE', path, {}, undefined, schema),
  };
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Turns the server's `{ error: { name, message, path?, issues? } }` back into the typed error it came from. */
function toTypedError(status: number, body: unknown, what: string): Error {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) {
    const detail = typeof body === 'string' && body.length > 0 ? `: ${body.slice(0, 200)}` : '';
    return status >= 400 && status < 500
      ? new InputError(`${what} answered ${status}${detail}`)
      : new Error(`${what} answered ${status}${detail}`);
  }
  const { name, message, path, issues, suggestions } = parsed.data.error;
  switch (name) {
    case 'InputError':
      return new InputError(message, { ...(path ? { path } : {}), ...(issues ? { issues } : {}) });
    case 'NotFoundError':
      return new NotFoundError(message, suggestions ? { suggestions } : {});
    case 'ConflictError':
      return new ConflictError(message, path ? { path } : {});
    case 'AuthError':
      return new AuthError(message);
    case 'ForbiddenError':
      return new ForbiddenError(message);
    default:
      if (status === 400 || status === 413 || status === 415) return new InputError(message);
      if (status === 404) return new NotFoundError(message);
      return new Error(`${what} answered ${status}: ${message}`);
  }
}

function describeCause(error: unknown): string {
  // fetch wraps the socket error: the useful part (ECONNREFUSED, ENOTFOUND, bad port) is a cause.
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    if (current !== error) message = current.message;
    current = current.cause;
  }
  return message;
}
