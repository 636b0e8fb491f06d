import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { defineRoute } from '../define-route.js';
import { toMarquezRun } from '../marquez/marquez-shapes.js';
import type { RouteContext } from '../route-context.js';

const runParams = z.object({ id: z.string().min(1).max(256).describe('The ID of the run.') });

async function requireRun(store: Store, id: string) {
  const run = await store.getRun(id);
  if (!run) throw new NotFoundError(`run '${id}' not found`);
  return run;
}

/** Marquez-compatible `GET /api/v1/jobs/runs/{id}` and its facets. */
export function registerRunRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/jobs/runs/:id',
    summary: 'Retrieve a run',
    tags: ['Jobs'],
    params: runParams,
    handler: async ({ params }) => toMarquezRun(await requireRun(store, params.id)),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/jobs/runs/:id/facets',
    summary: 'Retrieve the run or job facets of a run',
    tags: ['Jobs'],
    params: runParams,
    querystring: z.object({ type: z.enum(['run', 'job']).default('run') }),
    handler: async ({ params, query }) => {
      const run = await requireRun(store, params.id);
      if (query.type === 'run') return { runId: run.runId, facets: run.facets };
      const version = run.jobVersion ? await store.getJobVersion(run.jobId, run.jobVersion) : null;
      const facets = version?.facets ?? (await store.getNode(run.jobId))?.facets ?? {};
      return { runId: run.runId, facets };
    },
  });
}
