import type { FastifyInstance } from 'fastify';
import { AuthError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { authenticate, SESSION_COOKIE } from '../auth/auth-hook.js';

const FORM = 'application/x-www-form-urlencoded';

function page(message: string | null, next: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rootline: sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">Rootline</h1>
<p>This server requires a token. Paste one (<code>rootline token create --role viewer</code>) to browse the UI with it.</p>
${message ? `<p role="alert" style="color: #b00020">${message}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label>Token <input name="token" type="password" autocomplete="off" required style="width: 100%; padding: .4rem"></label>
<p><button type="submit" style="padding: .4rem 1rem">Sign in</button></p>
</form></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Where to go after signing in: a path on this server (the UI sends where it was, hash route
 * included), never another site: anything but a plain absolute path is the home page.
 */
export function safeNext(next: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || /[\\\s\x00-\x1f\x7f]/.test(next)) {
    return '/';
  }
  return next.startsWith('/login') ? '/' : next;
}

/**
 * `GET /login` and `POST /login`: a script-free sign-in page for the web UI on a server that
 * requires tokens, which returns to `next` (where the UI was when the server answered 401) (`store` is the unscoped store: checking a token is not a request's read). A valid token is kept in an HttpOnly, SameSite=Strict cookie that the
 * authentication hook accepts for reads (GET and HEAD) only, so a cookie can never write.
 */
export function registerLoginRoutes(app: FastifyInstance, store: Store): void {
  app.register(async (scope) => {
    scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
      done(null, new URLSearchParams(String(body)));
    });
    scope.get('/login', { schema: { hide: true } }, async (request, reply) => {
      const next = safeNext((request.query as Record<string, unknown> | undefined)?.next);
      return reply.type('text/html; charset=utf-8').send(page(null, next));
    });
    scope.post('/login', { schema: { hide: true }, bodyLimit: 4096 }, async (request, reply) => {
      const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const token = (form.get('token') ?? '').trim();
      const next = safeNext(form.get('next'));
      try {
        await authenticate(store, `Bearer ${token}`);
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        return reply.status(401).type('text/html; charset=utf-8').send(page('That token is not valid.', next));
      }
      const secure = request.protocol === 'https' ? '; Secure' : '';
      return reply
        .header(
          'set-cookie',
          `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200${secure}`,
        )
        .redirect(next, 303);
    });
  });
}
