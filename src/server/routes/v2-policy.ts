import type { FastifyInstance } from 'fastify';
import { checkPolicy } from '../../active/check-policy.js';
import type { PolicyMonitor } from '../../active/policy-monitor.js';
import { parsePolicy } from '../../active/policy-schema.js';
import { NotFoundError } from '../../model/errors.js';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';

/** `POST /api/v2/policy/check` (check a policy sent as JSON) and `GET /api/v2/policy` (the server's own). */
export function registerV2PolicyRoutes(
  app: FastifyInstance,
  { store }: RouteContext,
  monitor: PolicyMonitor | null,
): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/policy/check',
    summary: 'Check a lineage policy against the graph now',
    description:
      'The body is a policy ({ version: 1, rules: [...] }); invalid rules are rejected with the path of the error. ' +
      'Each violation names its rule, the nodes and the lineage path.',
    tags: ['Policies'],
    bodyDoc: { type: 'object' },
    handler: async ({ request }) => checkPolicy(store, parsePolicy(request.body, 'body')),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/policy',
    summary: "The latest result of the server's continuous policy check (rootline serve --policy FILE)",
    tags: ['Policies'],
    handler: async () => {
      if (!monitor)
        throw new NotFoundError('this server checks no policy (start it with rootline serve --policy FILE)');
      await store.listNamespaces();
      if (!monitor.report) await monitor.check();
      return monitor.report;
    },
  });
}
