import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  findUpstreamIncidents,
  openIncident,
  openIncidentSchema,
  requireIncident,
  updateIncident,
  updateIncidentSchema,
} from '../../active/incidents.js';
import { defineRoute } from '../define-route.js';
import { isoTime, nodeIdValue, pageQuery } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const idParams = z.object({ id: z.string().min(1).max(64) });

/**
 * Incidents on nodes: `POST /api/v2/incidents` (open), `GET /api/v2/incidents` (list, or those open
 * upstream of a node), `GET|PATCH /api/v2/incidents/{id}`, `POST /api/v2/incidents/{id}/resolve`.
 */
export function registerV2IncidentRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/incidents',
    summary: 'Open an incident on a node (recorded in the event log)',
    tags: ['Incidents'],
    body: openIncidentSchema,
    responses: { 201: 'The incident', 404: 'No such node' },
    handler: async ({ body, request, reply }) =>
      reply.status(201).send({ incident: await openIncident(store, body, request.actor) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/incidents',
    summary: 'Incidents, newest first; with upstreamOf, those open on that node or upstream of it',
    tags: ['Incidents'],
    querystring: z.object({
      status: z.enum(['open', 'resolved']).optional(),
      node: nodeIdValue.optional().describe('Only incidents on this node.'),
      upstreamOf: nodeIdValue.optional().describe('Incidents open on this node or anywhere upstream of it.'),
      asOf: isoTime.optional().describe('Only incidents open at this time: opened by then and not resolved by then.'),
      ...pageQuery,
    }),
    handler: async ({ query }) => {
      if (query.upstreamOf) {
        const upstream = await findUpstreamIncidents(
          store,
          query.upstreamOf.id,
          query.asOf ? { asOf: query.asOf } : {},
        );
        return {
          incidents: upstream.map((entry) => ({ ...entry.incident, distance: entry.distance, path: entry.path })),
          total: upstream.length,
        };
      }
      const page = await store.active.listIncidents({
        ...(query.status ? { status: query.status } : {}),
        ...(query.node ? { nodeIds: [query.node.id] } : {}),
        ...(query.asOf ? { openAt: query.asOf } : {}),
        limit: query.limit,
        offset: query.offset,
      });
      return { incidents: page.items, total: page.total };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/incidents/:id',
    summary: 'One incident with its notes',
    tags: ['Incidents'],
    params: idParams,
    handler: async ({ params }) => ({ incident: await requireIncident(store, params.id) }),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v2/incidents/:id',
    summary: 'Add a note to an incident or change its title or severity',
    tags: ['Incidents'],
    params: idParams,
    body: updateIncidentSchema,
    handler: async ({ params, body, request }) => ({
      incident: await updateIncident(store, params.id, body, request.actor),
    }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/incidents/:id/resolve',
    summary: 'Resolve an incident, optionally with a closing note',
    tags: ['Incidents'],
    params: idParams,
    body: z.strictObject({ note: z.string().trim().min(1).max(4000).optional() }).default({}),
    handler: async ({ params, body, request }) => ({
      incident: await updateIncident(store, params.id, { ...body, resolve: true }, request.actor),
    }),
  });
}
