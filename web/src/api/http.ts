import type { z } from 'zod';

/** An HTTP answer that was not 2xx, with the server's `{ error: { name, message } }` when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly errorName: string;
  constructor(status: number, errorName: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorName = errorName;
  }
}

export type Params = Record<string, string | number | boolean | null | undefined>;

/** Builds `path?query` leaving out empty parameters. */
export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const error = body.error;
      if (typeof error === 'object' && error !== null && 'message' in error) {
        const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
        return new ApiError(response.status, name, String(error.message));
      }
    }
  } catch {
    // Not JSON (a proxy error page, say): fall through to the status text.
  }
  return new ApiError(response.status, 'HttpError', `${response.status} ${response.statusText || 'request failed'}`);
}

/** GETs a JSON document and parses it with `schema`, so the rest of the UI works with checked types. */
export async function getJson<T extends z.ZodType>(
  path: string,
  params: Params,
  schema: T,
  signal?: AbortSignal,
): Promise<z.infer<T>> {
  const response = await fetch(apiUrl(path, params), { headers: { accept: 'application/json' }, signal });
  if (response.status === 401) signIn();
  if (!response.ok) throw await errorFrom(response);
  const body: unknown = await response.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      502,
      'UnexpectedResponse',
      `${path} answered an unexpected shape at ${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/**
 * The server requires a token and has none (or an expired one) for this browser: off to its
 * sign-in page, which comes back here afterwards.
 */
function signIn(): void {
  if (typeof window === 'undefined') return;
  const { pathname, search, hash } = window.location;
  window.location.assign(`/login?next=${encodeURIComponent(pathname + search + hash)}`);
}

/** True when the server does not offer the route (or the thing) at all. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
