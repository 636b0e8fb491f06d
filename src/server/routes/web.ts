import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/health');
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? request.url;
  return reply
    .status(404)
    .send({ error: { name: 'NotFoundError', message: `no route for ${request.method} ${path}` } });
}

/**
 * Serves the built web UI from `webRoot` at `/`, with a single-page-app fallback: a GET for a
 * path that is neither a file nor an API route answers `index.html`, so deep links such as
 * `/lineage/dataset:...` work on reload. Unknown API routes keep their JSON 404.
 */
export async function registerWebRoutes(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  const index = webRoot ? join(webRoot, 'index.html') : null;
  if (!webRoot || !index || !existsSync(index)) {
    app.setNotFoundHandler(notFound);
    return;
  }
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' || request.method === 'HEAD';
    if (!wantsPage || isApiPath(request.url)) return notFound(request, reply);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
