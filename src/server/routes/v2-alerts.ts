import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { httpSubscriptionInputSchema } from '../../active/rules.js';
import { createSubscription, deleteSubscription, listSubscriptions, viewOf } from '../../active/subscriptions.js';
import { defineRoute } from '../define-route.js';
import { pageQuery } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

/**
 * Alert subscriptions and the delivery log: `POST|GET /api/v2/subscriptions`,
 * `DELETE /api/v2/subscriptions/{id}`, `GET /api/v2/alerts`.
 */
export function registerV2AlertRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/subscriptions',
    summary: 'Subscribe a webhook to an alert rule',
    description:
      'Rules: assertion_failed_upstream {node}, run_failed {job}, schema_change_impact {node?}, lineage_gap ' +
      '{namespace?}, leakage {namespace?}, pii_reaches_model {namespace?}, policy_violation {policy?}. Deliveries ' +
      'are JSON POSTs signed with HMAC-SHA256 over "TIMESTAMP.BODY" (headers x-rootline-signature: sha256=HEX ' +
      'and x-rootline-timestamp). The answer carries the secret once.',
    tags: ['Alerts'],
    body: httpSubscriptionInputSchema,
    responses: { 201: 'The subscription and its signing secret' },
    handler: async ({ body, request, reply }) => {
      const created = await createSubscription(store, body, request.actor);
      return reply.status(201).send({ subscription: viewOf(created), secret: created.secret });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/subscriptions',
    summary: 'Alert subscriptions (without their secrets)',
    tags: ['Alerts'],
    handler: async () => ({ subscriptions: (await listSubscriptions(store)).map(viewOf) }),
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/v2/subscriptions/:id',
    summary: 'Delete a subscription (its delivery log stays)',
    tags: ['Alerts'],
    params: z.object({ id: z.string().min(1).max(64) }),
    handler: async ({ params, request, reply }) => {
      await deleteSubscription(store, params.id, request.actor);
      return reply.status(204).send();
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/alerts',
    summary: 'The alert delivery log, newest first: each alert with its status, attempts and last error',
    tags: ['Alerts'],
    querystring: z.object({
      status: z.enum(['pending', 'delivered', 'failed']).optional(),
      subscription: z.string().min(1).max(64).optional(),
      ...pageQuery,
    }),
    handler: async ({ query }) => {
      const page = await store.active.listDeliveries({
        ...(query.status ? { status: query.status } : {}),
        ...(query.subscription ? { subscriptionId: query.subscription } : {}),
        limit: query.limit,
        offset: query.offset,
      });
      return { alerts: page.items, total: page.total };
    },
  });
}
