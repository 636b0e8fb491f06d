import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../model/errors.js';
import { jobId } from '../../model/node-id.js';
import { defineRoute } from '../define-route.js';
import { toMarquezJob, toMarquezJobVersion, toMarquezRun } from '../marquez/marquez-shapes.js';
import { pageQuery } from '../parse-input.js';
import { requireNode } from '../require-node.js';
import type { RouteContext } from '../route-context.js';
import { namespaceParam, requireNamespace } from './namespaces.js';

const jobParams = z.object({
  namespace: namespaceParam,
  job: z.string().min(1).max(1024).describe('The name of the job (URL-encoded).'),
});

/** Marquez-compatible job reads: list, one job, its versions, one version, its runs. */
export function registerJobRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/jobs',
    summary: 'List all jobs of a namespace',
    tags: ['Jobs'],
    params: z.object({ namespace: namespaceParam }),
    querystring: z.object(pageQuery),
    handler: async ({ params, query }) => {
      await requireNamespace(store, params.namespace);
      const page = await store.listNodes({
        kind: 'job',
        namespace: params.namespace,
        limit: query.limit,
        offset: query.offset,
      });
      const jobs = [];
      for (const node of page.items) jobs.push(await toMarquezJob(store, node));
      return { jobs, totalCount: page.total };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/jobs/:job',
    summary: 'Retrieve a job',
    tags: ['Jobs'],
    params: jobParams,
    handler: async ({ params }) => toMarquezJob(store, await requireNode(store, jobId(params.namespace, params.job))),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/jobs/:job/versions',
    summary: 'List all versions of a job, newest first',
    tags: ['Jobs'],
    params: jobParams,
    querystring: z.object(pageQuery),
    handler: async ({ params, query }) => {
      const node = await requireNode(store, jobId(params.namespace, params.job));
      const page = await store.listJobVersions(node.id, { limit: query.limit, offset: query.offset });
      const versions = [];
      for (const version of page.items) versions.push(await toMarquezJobVersion(store, node, version));
      return { versions, totalCount: page.total };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/jobs/:job/versions/:version',
    summary: 'Retrieve a version of a job',
    tags: ['Jobs'],
    params: jobParams.extend({ version: z.string().min(1).max(256) }),
    handler: async ({ params }) => {
      const node = await requireNode(store, jobId(params.namespace, params.job));
      const version = await store.getJobVersion(node.id, params.version);
      if (!version) throw new NotFoundError(`job '${node.id}' has no version '${params.version}'`);
      return toMarquezJobVersion(store, node, version);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/jobs/:job/runs',
    summary: 'List the runs of a job, newest first',
    tags: ['Jobs'],
    params: jobParams,
    querystring: z.object(pageQuery),
    handler: async ({ params, query }) => {
      const node = await requireNode(store, jobId(params.namespace, params.job));
      const page = await store.listRuns({ jobId: node.id, limit: query.limit, offset: query.offset });
      return { runs: page.items.map(toMarquezRun), totalCount: page.total };
    },
  });
}
