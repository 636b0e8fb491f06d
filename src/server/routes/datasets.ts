import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../model/errors.js';
import { datasetId } from '../../model/node-id.js';
import { defineRoute } from '../define-route.js';
import { toMarquezDataset, toMarquezDatasetVersion } from '../marquez/marquez-shapes.js';
import { pageQuery } from '../parse-input.js';
import { requireNode } from '../require-node.js';
import type { RouteContext } from '../route-context.js';
import { namespaceParam, requireNamespace } from './namespaces.js';

const datasetParams = z.object({
  namespace: namespaceParam,
  dataset: z.string().min(1).max(1024).describe('The name of the dataset (URL-encoded).'),
});

/** Marquez-compatible dataset reads: list, one dataset, its versions and one version. */
export function registerDatasetRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/datasets',
    summary: 'List all datasets of a namespace',
    tags: ['Datasets'],
    params: z.object({ namespace: namespaceParam }),
    querystring: z.object(pageQuery),
    handler: async ({ params, query }) => {
      await requireNamespace(store, params.namespace);
      const page = await store.listNodes({
        kind: 'dataset',
        namespace: params.namespace,
        limit: query.limit,
        offset: query.offset,
      });
      const datasets = [];
      for (const node of page.items) datasets.push(await toMarquezDataset(store, node));
      return { datasets, totalCount: page.total };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/datasets/:dataset',
    summary: 'Retrieve a dataset',
    tags: ['Datasets'],
    params: datasetParams,
    handler: async ({ params }) => {
      const node = await requireNode(store, datasetId(params.namespace, params.dataset));
      return toMarquezDataset(store, node, { withFieldTags: true });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/datasets/:dataset/versions',
    summary: 'List all versions of a dataset, newest first',
    tags: ['Datasets'],
    params: datasetParams,
    querystring: z.object(pageQuery),
    handler: async ({ params, query }) => {
      const node = await requireNode(store, datasetId(params.namespace, params.dataset));
      const page = await store.listDatasetVersions(node.id, { limit: query.limit, offset: query.offset });
      const versions = [];
      for (const version of page.items) versions.push(await toMarquezDatasetVersion(store, node, version));
      return { versions, totalCount: page.total };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace/datasets/:dataset/versions/:version',
    summary: 'Retrieve a version of a dataset',
    tags: ['Datasets'],
    params: datasetParams.extend({ version: z.string().min(1).max(256) }),
    handler: async ({ params }) => {
      const node = await requireNode(store, datasetId(params.namespace, params.dataset));
      const version = await store.getDatasetVersion(node.id, params.version);
      if (!version) throw new NotFoundError(`dataset '${node.id}' has no version '${params.version}'`);
      return toMarquezDatasetVersion(store, node, version);
    },
  });
}
