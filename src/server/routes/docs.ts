import type { FastifyInstance } from 'fastify';
import { renderDocsPage } from '../docs-page.js';

/** `GET /api/docs` (a readable page) and `GET /api/docs/openapi.json` (the OpenAPI document). */
export function registerDocsRoutes(app: FastifyInstance): void {
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocsPage(app.swagger())),
  );
}
