import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { type Access, accessOfToken, NO_ACCESS, OPEN_ACCESS } from './access.js';
import { runWithAccess } from './access-context.js';
import { hashTokenSecret } from './token-secret.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What this request may do, set by the authentication hook before anything else runs. */
    access: Access | null;
  }
}

/** Cookie the sign-in page sets for the web UI; accepted for reads only. */
export const SESSION_COOKIE = 'rootline_token';

/** The session cookie's token, or null. */
function sessionToken(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return null;
}

export interface AuthOptions {
  /** Refuse API requests without a valid bearer token (any server not bound to loopback). */
  required: boolean;
}

/** Paths that need a token when auth is on: the APIs and MCP; the UI's static files and /health do not. */
function isProtected(url: string): boolean {
  const path = url.split('?', 1)[0] ?? url;
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return false;
  return path.startsWith('/api/') || path === '/mcp' || path.startsWith('/mcp/');
}

/**
 * Resolves an `Authorization` header to the access its token grants, or throws {@link AuthError}
 * (unknown, revoked or expired tokens, or a header that is not `Bearer <token>`).
 */
export async function authenticate(store: Store, header: string): Promise<Access> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AuthError('the Authorization header must be "Bearer <token>"');
  const token = await store.findTokenByHash(hashTokenSecret(match[1]));
  if (!token) throw new AuthError('unknown token');
  if (token.revokedAt !== null) throw new AuthError(`token ${token.id} was revoked at ${token.revokedAt}`);
  if (token.expiresAt !== null && token.expiresAt <= new Date().toISOString()) {
    throw new AuthError(`token ${token.id} expired at ${token.expiresAt}`);
  }
  return accessOfToken(token);
}

/**
 * Authentication for every route, the MCP endpoint included: an `onRequest` hook reads the
 * bearer token (as OpenLineage's HTTP transport sends it) and sets `request.access` and
 * `request.actor`; a `preHandler` hook then runs the handler inside that access, which the
 * request's {@link ScopedStore} enforces. Without a token the open loopback server grants full
 * access and a server that requires auth answers 401.
 */
export function installAuth(app: FastifyInstance, store: Store, options: AuthOptions): void {
  app.decorateRequest('access', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    let header = request.headers.authorization;
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if ((header === undefined || header === '') && reads && isProtected(request.url)) {
      // The UI's session cookie: reads only, so a cross-site form can never write with it.
      const token = sessionToken(request.headers.cookie);
      if (token) header = `Bearer ${token}`;
    }
    if (header !== undefined && header !== '') {
      const access = await authenticate(store, header);
      request.access = access;
      request.actor = access.actor;
      return;
    }
    if (options.required && isProtected(request.url)) {
      throw new AuthError(
        'this server requires a token: send "Authorization: Bearer <token>" (rootline token create), or sign in at /login',
      );
    }
    request.access = options.required ? NO_ACCESS : OPEN_ACCESS;
  });
  app.addHook('preHandler', (request, _reply, done) => {
    runWithAccess(request.access ?? NO_ACCESS, done);
  });
}
