import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../route-context.js';

/** `GET /health`: liveness for load balancers and process supervisors. */
export function registerHealthRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const startedAt = Date.now();
  app.get(
    '/health',
    { schema: { summary: 'Liveness: the process is up and serving', tags: ['Operations'] } },
    async () => ({
      status: 'ok',
      engine: store.engine,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  );
}
