import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../model/errors.js';
import { parseDuration } from '../../model/time.js';
import { KNOWN_SCOPES } from '../auth/access.js';
import { issueToken } from '../auth/token-secret.js';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';

const createBody = z
  .object({
    role: z.enum(['viewer', 'editor', 'admin']),
    namespaces: z.array(z.string().min(1).max(1024)).min(1).max(100).optional(),
    scopes: z.array(z.enum(KNOWN_SCOPES)).max(10).default([]),
    expires: z.string().max(32).optional().describe('Lifetime such as 90d or 12h; never expires when omitted.'),
    description: z.string().max(500).optional(),
  })
  .strict();

/** Admin-only token management: `POST /api/v2/tokens`, `GET /api/v2/tokens`, `DELETE /api/v2/tokens/{id}`. */
export function registerTokenRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/tokens',
    summary: 'Create an access token (admin)',
    description: 'Answers the token secret once; only its SHA-256 is stored. The creation is logged with its actor.',
    tags: ['Security'],
    body: createBody,
    responses: { 201: 'The token and its secret', 403: 'Not an admin token' },
    handler: async ({ body, request, reply }) => {
      const expiresAt = body.expires
        ? new Date(Date.now() + parseDuration(body.expires, 'body.expires')).toISOString()
        : null;
      const { token, secret } = await issueToken(
        store,
        {
          role: body.role,
          namespaces: body.namespaces ?? null,
          scopes: [...new Set(body.scopes)],
          description: body.description ?? null,
          expiresAt,
        },
        request.actor,
      );
      return reply.status(201).send({ token, secret });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/tokens',
    summary: 'List access tokens (admin)',
    tags: ['Security'],
    handler: async () => ({ tokens: await store.listTokens() }),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/v2/tokens/:id',
    summary: 'Revoke an access token (admin)',
    tags: ['Security'],
    params: z.object({ id: z.string().min(1).max(64) }),
    handler: async ({ params, request }) => {
      const token = await store.revokeToken(params.id, request.actor);
      if (!token) throw new NotFoundError(`no token ${params.id}`);
      return { token };
    },
  });
}
