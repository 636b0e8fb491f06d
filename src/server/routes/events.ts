import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../define-route.js';
import { isoTime, pageQuery } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

/** Marquez-compatible `GET /api/v1/events/lineage`: the OpenLineage events received, as sent. */
export function registerEventRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/events/lineage',
    summary: 'List received OpenLineage events',
    tags: ['Events'],
    querystring: z.object({
      sortDirection: z.enum(['asc', 'desc']).default('desc'),
      before: isoTime.optional().describe('Only events before this time.'),
      after: isoTime.optional().describe('Only events after this time.'),
      ...pageQuery,
    }),
    handler: async ({ query }) => {
      const page = await store.listEvents({
        source: 'openlineage',
        order: query.sortDirection,
        limit: query.limit,
        offset: query.offset,
        ...(query.before ? { before: query.before } : {}),
        ...(query.after ? { after: query.after } : {}),
      });
      return { events: page.items.map((event) => event.payload), totalCount: page.total };
    },
  });
}
