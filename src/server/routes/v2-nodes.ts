import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findUpstreamIncidents } from '../../active/incidents.js';
import { withPii } from '../../analysis/pii.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import { defineRoute } from '../define-route.js';
import { isoTime, nodeIdValue, pageQuery } from '../parse-input.js';
import { requireNode } from '../require-node.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v2/nodes/{id}` (one node with its schema, version and edges) and `GET /api/v2/versions`. */
export function registerV2NodeRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/nodes/:id',
    summary: 'One node with its fields, current version, latest run, edges and the incidents open upstream',
    description: 'The id is URL-encoded. With `asOf`, the node, schema, version and edges as they were then.',
    tags: ['v2'],
    params: z.object({ id: nodeIdValue.describe('The node id (URL-encoded).') }),
    querystring: z.object({ asOf: isoTime.optional().describe('Answer as of this ISO-8601 time.') }),
    handler: async ({ params, query }) => {
      const asOf = query.asOf ? { asOf: query.asOf } : {};
      const { ref, id } = params.id;
      if (ref.kind === 'run') {
        const run = await store.getRun(ref.runId);
        if (!run) throw new NotFoundError(`run '${ref.runId}' not found`);
        return { node: await store.getNode(id), fields: [], version: null, latestRun: run, edges: [], incidents: [] };
      }
      const found = await requireNode(store, id, asOf);
      const edges = await store.listEdges({ nodeId: id, direction: 'both', ...asOf });
      // Open incidents on the node or upstream of it, nearest first.
      const incidents = (await findUpstreamIncidents(store, id, asOf)).map((entry) => ({
        ...entry.incident,
        distance: entry.distance,
        path: entry.path,
      }));
      if (found.kind === 'dataset') {
        const [listed, version] = await Promise.all([
          store.listFields(id, asOf),
          store.getDatasetVersionAt(id, query.asOf),
        ]);
        const [node, ...fields] = await withPii(store, [found, ...listed], query.asOf);
        return { node, fields, version, latestRun: null, edges, incidents };
      }
      const [node] = await withPii(store, [found], query.asOf);
      if (found.kind === 'job') {
        const version = await store.getJobVersionAt(id, query.asOf);
        const runs = await store.listRuns({ jobId: id, limit: 1 });
        return { node, fields: [], version, latestRun: runs.items[0] ?? null, edges, incidents };
      }
      return { node, fields: [], version: null, latestRun: null, edges, incidents };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/versions',
    summary: 'Version history of a dataset (with schemas) or a job (with inputs, outputs and SQL), newest first',
    tags: ['v2'],
    querystring: z.object({
      node: nodeIdValue.describe('A dataset or job id.'),
      asOf: isoTime.optional().describe('Only versions created at or before this time.'),
      ...pageQuery,
    }),
    handler: async ({ query }) => {
      const { ref, id } = query.node;
      if (ref.kind !== 'dataset' && ref.kind !== 'job') {
        throw new InputError(`versions exist for datasets and jobs; '${id}' is a ${ref.kind}`, { path: 'query.node' });
      }
      await requireNode(store, id);
      const list = (page: { limit: number; offset: number }) =>
        ref.kind === 'dataset' ? store.listDatasetVersions(id, page) : store.listJobVersions(id, page);
      if (!query.asOf) {
        const page = await list({ limit: query.limit, offset: query.offset });
        return { node: id, kind: ref.kind, versions: page.items, total: page.total };
      }
      const asOf = query.asOf;
      const all = await list({ limit: 10_000, offset: 0 });
      const valid = all.items.filter((version) => version.createdAt <= asOf);
      return {
        node: id,
        kind: ref.kind,
        versions: valid.slice(query.offset, query.offset + query.limit),
        total: valid.length,
      };
    },
  });
}
