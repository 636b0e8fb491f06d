import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { diffGraph } from '../../analysis/diff.js';
import { markPii } from '../../analysis/pii.js';
import { defineRoute } from '../define-route.js';
import { isoTime, nodeIdValue, queryInt, timeOrAgo } from '../parse-input.js';
import { requireNode } from '../require-node.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v2/lineage` (a bounded traversal, asOf) and `GET /api/v2/diff` (changes between two times). */
export function registerV2LineageRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/lineage',
    summary: 'Walk the lineage graph from a node',
    description:
      'A breadth-first walk bounded by depth and a node budget; `partial` is true when a bound cut it. ' +
      'With `asOf`, the graph as it was then (edges valid at that time).',
    tags: ['v2'],
    querystring: z.object({
      node: nodeIdValue.describe('The start node id, e.g. dataset:postgres://db:5432:public.orders'),
      direction: z.enum(['upstream', 'downstream', 'both']).default('both'),
      depth: queryInt({ max: 100, default: 5 }).describe('Edges from the start node.'),
      level: z.enum(['dataset', 'column']).default('dataset'),
      asOf: isoTime.optional().describe('Answer as of this ISO-8601 time.'),
      maxNodes: queryInt({ min: 1, max: 10_000, default: 2_000 }).describe('Node budget of the walk.'),
    }),
    handler: async ({ query }) => {
      const asOf = query.asOf ? { asOf: query.asOf } : {};
      const node = await requireNode(store, query.node.id, asOf);
      const start = [node.id];
      if (query.level === 'column' && node.kind === 'dataset') {
        for (const field of await store.listFields(node.id, asOf)) start.push(field.id);
      }
      const subgraph = await store.traverse({
        start,
        direction: query.direction,
        depth: query.depth,
        level: query.level,
        maxNodes: query.maxNodes,
        ...asOf,
      });
      const pii = await markPii(
        store,
        subgraph.nodes.map((entry) => entry.node),
        query.asOf,
      );
      return {
        nodes: subgraph.nodes.map((entry) => ({
          ...entry.node,
          depth: entry.depth,
          pii: pii.get(entry.node.id)?.pii ?? null,
          piiOrigins: pii.get(entry.node.id)?.origins ?? [],
        })),
        edges: subgraph.edges,
        partial: subgraph.partial,
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/diff',
    summary: 'Nodes and edges added, removed or changed between two times',
    tags: ['v2'],
    querystring: z.object({
      from: timeOrAgo.describe('Start time (ISO-8601) or a window back from now such as 7d.'),
      to: timeOrAgo.optional().describe('End time (ISO-8601); now when omitted.'),
    }),
    handler: async ({ query }) => diffGraph(store, { from: query.from, to: query.to ?? new Date().toISOString() }),
  });
}
