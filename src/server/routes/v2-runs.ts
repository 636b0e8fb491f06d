import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RUN_STATES, type Run } from '../../model/graph.js';
import type { RunQuery } from '../../store/store.js';
import { defineRoute } from '../define-route.js';
import { nodeIdValue, queryBoolean, queryInt, timeOrAgo } from '../parse-input.js';
import { requireNode } from '../require-node.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v2/runs`: recent runs across jobs, optionally failed ones first (the UI's home page). */
export function registerV2RunRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/runs',
    summary: 'Recent runs, newest first; failed runs first when asked',
    tags: ['v2'],
    querystring: z.object({
      state: z.enum(RUN_STATES).optional(),
      since: timeOrAgo.optional().describe('Only runs created since this time, or a window such as 7d.'),
      job: nodeIdValue.optional().describe('Only runs of this job.'),
      failedFirst: queryBoolean.default(false).describe('List FAILED runs before the others.'),
      limit: queryInt({ min: 1, max: 1000, default: 50 }),
      offset: queryInt({ max: 1_000_000, default: 0 }),
    }),
    handler: async ({ query }) => {
      if (query.job) await requireNode(store, query.job.id);
      const base: RunQuery = {
        ...(query.since ? { since: query.since } : {}),
        ...(query.job ? { jobId: query.job.id } : {}),
      };
      if (query.state || !query.failedFirst) {
        const page = await store.listRuns({
          ...base,
          ...(query.state ? { state: query.state } : {}),
          limit: query.limit,
          offset: query.offset,
        });
        return { items: page.items, total: page.total };
      }
      const end = query.offset + query.limit;
      const failed = await store.listRuns({ ...base, state: 'FAILED', limit: end });
      const all = await store.listRuns({ ...base, limit: end + failed.items.length });
      const others = all.items.filter((run) => run.state !== 'FAILED');
      const items: Run[] = [...failed.items, ...others].slice(query.offset, end);
      return { items, total: all.total };
    },
  });
}
