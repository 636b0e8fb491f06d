import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../define-route.js';
import { buildMarquezColumnLineage, buildMarquezLineage } from '../marquez/marquez-lineage.js';
import { nodeIdValue, queryBoolean, queryInt } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const nodeIdQuery = nodeIdValue.describe(
  'The node: dataset:NAMESPACE:NAME, datasetField:NAMESPACE:NAME:FIELD or job:NAMESPACE:NAME.',
);

/** Marquez-compatible `GET /api/v1/lineage` and `GET /api/v1/column-lineage`. */
export function registerLineageGraphRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/lineage',
    summary: 'Get the lineage graph of datasets and jobs around a node',
    tags: ['Lineage'],
    querystring: z.object({
      nodeId: nodeIdQuery,
      depth: queryInt({ max: 100, default: 20 }).describe('Depth of the lineage graph, in jobs.'),
    }),
    handler: async ({ query }) => buildMarquezLineage(store, query.nodeId.ref, query.nodeId.id, query.depth),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/column-lineage',
    summary: 'Get the column lineage graph of a dataset or field',
    tags: ['Column lineage'],
    querystring: z.object({
      nodeId: nodeIdQuery,
      depth: queryInt({ max: 100, default: 20 }).describe('Depth of the column lineage graph.'),
      withDownstream: queryBoolean.default(false).describe('Include downstream fields too.'),
    }),
    handler: async ({ query }) =>
      buildMarquezColumnLineage(store, query.nodeId.ref, query.nodeId.id, {
        depth: query.depth,
        withDownstream: query.withDownstream,
      }),
  });
}
