import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseDuration } from '../../model/time.js';
import { defineRoute } from '../define-route.js';
import { cutoffsOf, type RetentionPolicy } from '../retention/retention-policy.js';
import type { RouteContext } from '../route-context.js';

const body = z
  .object({
    runs: z.string().max(32).optional(),
    predictions: z.string().max(32).optional(),
    events: z.string().max(32).optional(),
  })
  .strict()
  .default({});

/** `POST /api/v2/retention/apply` (admin): prunes by the configured policy, or the durations given. */
export function registerRetentionRoutes(app: FastifyInstance, { store }: RouteContext, policy: RetentionPolicy): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/retention/apply',
    summary: 'Apply the retention policy (admin)',
    description:
      'Clears old run details, deletes old predictions and drops old ingest payloads, keeping versions, edges and a ' +
      'verifiable chain (a retention checkpoint record). Durations in the body override the configured policy.',
    tags: ['Security'],
    body,
    handler: async ({ body: given, request }) => {
      const pick = (key: 'runs' | 'predictions' | 'events') => {
        const text = given[key];
        return text === undefined ? policy[key] : parseDuration(text, `body.${key}`);
      };
      const cutoffs = cutoffsOf({
        ...policy,
        runs: pick('runs'),
        predictions: pick('predictions'),
        events: pick('events'),
      });
      return { cutoffs, ...(await store.applyRetention(cutoffs, request.actor)) };
    },
  });
}
