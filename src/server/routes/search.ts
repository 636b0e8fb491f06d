import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NODE_KINDS, type NodeKind } from '../../model/node-id.js';
import { defineRoute } from '../define-route.js';
import { isoTime, queryInt } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const marquezFilter = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['dataset', 'job']))
  .describe('Filter the results by dataset or job.');

const kindList = z
  .string()
  .max(200)
  .transform((value) =>
    value
      .split(',')
      .map((kind) => kind.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(NODE_KINDS)))
  .describe(`Comma-separated node kinds: ${NODE_KINDS.join(', ')}.`);

/** How many matches an `asOf` search looks at before filtering by existence. */
const AS_OF_SCAN = 1_000;

/** Marquez's `q` treats `%` and `_` as wildcards; Rootline's search is a plain substring match. */
function searchTerm(q: string): string {
  return q.replaceAll('%', ' ').trim();
}

/** Marquez-compatible `GET /api/v1/search` and Rootline's `GET /api/v2/search` over every kind. */
export function registerSearchRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/search',
    summary: 'Search datasets and jobs by name, namespace, description or tag',
    tags: ['Search'],
    querystring: z.object({
      q: z.string().min(1).max(1024).describe('Text to find (case-insensitive).'),
      filter: marquezFilter.optional(),
      sort: z.enum(['name', 'updated_at', 'UPDATE_AT', 'NAME']).optional().describe('Sort by name or updated_at.'),
      limit: queryInt({ min: 1, max: 1000, default: 10 }),
      namespace: z.string().max(1024).optional(),
    }),
    handler: async ({ query }) => {
      const kinds: NodeKind[] = query.filter ? [query.filter] : ['dataset', 'job'];
      const page = await store.search({
        q: searchTerm(query.q),
        kinds,
        limit: query.limit,
        ...(query.namespace ? { namespace: query.namespace } : {}),
      });
      const items = [...page.items];
      if (query.sort?.toLowerCase() === 'name') items.sort((a, b) => a.name.localeCompare(b.name));
      else items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return {
        totalCount: page.total,
        results: items.map((node) => ({
          type: node.kind === 'job' ? 'JOB' : 'DATASET',
          name: node.name,
          updatedAt: node.updatedAt,
          namespace: node.namespace,
          nodeId: node.id,
        })),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/search',
    summary: 'Search nodes of any kind',
    tags: ['v2'],
    querystring: z.object({
      q: z.string().min(1).max(1024).describe('Text to find (case-insensitive substring).'),
      kind: kindList.optional(),
      namespace: z.string().max(1024).optional(),
      limit: queryInt({ min: 1, max: 1000, default: 25 }),
      offset: queryInt({ max: 1_000_000, default: 0 }),
      asOf: isoTime.optional().describe('Only nodes that existed at this time (the first 1,000 matches are checked).'),
    }),
    handler: async ({ query }) => {
      const filters = {
        q: query.q,
        ...(query.kind && query.kind.length > 0 ? { kinds: query.kind } : {}),
        ...(query.namespace ? { namespace: query.namespace } : {}),
      };
      if (!query.asOf) {
        const page = await store.search({ ...filters, limit: query.limit, offset: query.offset });
        return { items: page.items, total: page.total };
      }
      const asOf = query.asOf;
      const page = await store.search({ ...filters, limit: AS_OF_SCAN, offset: 0 });
      const existing = page.items.filter(
        (node) => node.createdAt <= asOf && (node.deletedAt === null || node.deletedAt > asOf),
      );
      return { items: existing.slice(query.offset, query.offset + query.limit), total: existing.length };
    },
  });
}
