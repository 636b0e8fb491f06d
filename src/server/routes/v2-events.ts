import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v2/events/verify`: recomputes the event log's hash chain (what `rootline verify --server` asks). */
export function registerEventVerifyRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/events/verify',
    summary: 'Verify the hash chain of the event log',
    description:
      'Recomputes every record hash and chain link; `ok` is false and `firstBroken` names the first record that ' +
      'does not match when a stored record was altered or removed.',
    tags: ['v2'],
    responses: { 200: '{ ok, checked, firstBroken: { seq, reason } | null }' },
    handler: async () => store.verifyChain(),
  });
}
