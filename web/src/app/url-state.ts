/** A parsed hash route: `#/node?id=...&depth=2` -> `{ path: '/node', params }`. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

/** Parses `location.hash`. Hash routes keep every view shareable from any static server. */
export function parseHash(hash: string): Route {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const question = body.indexOf('?');
  const path = (question >= 0 ? body.slice(0, question) : body) || '/';
  const params = new URLSearchParams(question >= 0 ? body.slice(question + 1) : '');
  return { path: path.startsWith('/') ? path : `/${path}`, params };
}

export type ParamValue = string | number | boolean | null | undefined | readonly string[];

/** Formats a route as a hash, leaving out empty values; arrays become repeated keys. */
export function formatHash(path: string, params: Record<string, ParamValue> | URLSearchParams = {}): string {
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (Array.isArray(value)) for (const item of value) query.append(key, item);
    else if (value !== undefined && value !== null && value !== '' && value !== false) query.set(key, String(value));
  }
  const text = query.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

/** The route with some params replaced (null removes one), as a hash. */
export function withParams(route: Route, changes: Record<string, ParamValue>): string {
  const next = new URLSearchParams(route.params);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (Array.isArray(value)) for (const item of value) next.append(key, item);
    else if (value !== undefined && value !== null && value !== '' && value !== false) next.set(key, String(value));
  }
  return formatHash(route.path, next);
}

/** Reads an integer param within bounds, or the fallback. */
export function intParam(params: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const value = Number.parseInt(params.get(key) ?? '', 10);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Reads a param constrained to a set of values, or the fallback. */
export function enumParam<T extends string>(
  params: URLSearchParams,
  key: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = params.get(key);
  return values.find((v) => v === value) ?? fallback;
}
