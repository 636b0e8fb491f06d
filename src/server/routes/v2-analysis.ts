import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkLineageHealth } from '../../analysis/health.js';
import { analyzeImpact } from '../../analysis/impact.js';
import { impactToCsv } from '../../analysis/impact-csv.js';
import { listDerivedPii } from '../../analysis/pii.js';
import { findRootCauses } from '../../analysis/root-cause.js';
import { findSchemaChanges } from '../../analysis/schema-changes.js';
import { annotateNode, annotationSchema } from '../../ingest/annotate/annotate-node.js';
import { InputError } from '../../model/errors.js';
import { defineRoute } from '../define-route.js';
import { isoTime, nodeIdValue, queryInt, timeOrAgo } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const asOfQuery = isoTime.optional().describe('Answer as of this ISO-8601 time.');
const windowEnd = {
  until: isoTime.optional().describe('The end of the window (default now); the same as asOf.'),
  asOf: isoTime.optional().describe('Answer as of this ISO-8601 time: the end of the window (default now).'),
};

/** The end of a window given as `until` or `asOf` (one name for the same bound, as other reads take `asOf`). */
function endOfWindow(query: { until?: string | undefined; asOf?: string | undefined }): { until?: string } {
  if (query.until && query.asOf && query.until !== query.asOf)
    throw new InputError('give the end of the window as until or as asOf, not both', { path: 'query.asOf' });
  const end = query.asOf ?? query.until;
  return end ? { until: end } : {};
}

/** Impact, schema changes, root cause, PII, lineage health and hand annotations under `/api/v2`. */
export function registerV2AnalysisRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/impact',
    summary: 'Everything downstream a change to a column, dataset or job would affect',
    description:
      'Columns, datasets, jobs, feature-view fields, training-set versions, model versions, deployments and exposures, ' +
      'each with depth, one shortest path, severity (breaking, review, rows, possible) and owners; live deployments ' +
      'first. `format=csv` answers text/csv.',
    tags: ['Analysis'],
    querystring: z.object({
      node: nodeIdValue.describe('A datasetField, dataset or job id.'),
      change: z.enum(['drop', 'rename', 'retype']).optional(),
      asOf: asOfQuery,
      depth: queryInt({ min: 1, max: 100, default: 50 }).describe(
        'How many pipeline steps downstream to follow: a job and its outputs are one.',
      ),
      maxNodes: queryInt({ min: 1, max: 50_000, default: 10_000 }),
      format: z.enum(['json', 'csv']).default('json'),
    }),
    handler: async ({ query, reply }) => {
      const report = await analyzeImpact(store, {
        node: query.node.id,
        depth: query.depth,
        maxNodes: query.maxNodes,
        ...(query.change ? { change: query.change } : {}),
        ...(query.asOf ? { asOf: query.asOf } : {}),
      });
      if (query.format === 'json') return report;
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="impact.csv"');
      return impactToCsv(report);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/changes',
    summary: 'Schema changes (dropped, renamed, retyped columns) with downstream impact',
    tags: ['Analysis'],
    querystring: z.object({
      since: timeOrAgo.describe('An ISO-8601 time or a window such as 7d, 12h.'),
      ...windowEnd,
      namespace: z.string().min(1).max(1000).optional(),
    }),
    handler: async ({ query }) => ({
      since: query.since,
      ...(await findSchemaChanges(store, {
        since: query.since,
        ...endOfWindow(query),
        ...(query.namespace ? { namespace: query.namespace } : {}),
      })),
    }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/root-cause',
    summary: 'Ranked candidate causes upstream of a misbehaving dataset, column, model version or deployment',
    description:
      'Failed or aborted runs, failed assertions, breaking schema changes, lineage changes and stale inputs in the ' +
      'window, scored weight(kind) x 0.85^(distance-1) x (0.5 + 0.5 x recency), each with evidence and path.',
    tags: ['Analysis'],
    querystring: z.object({
      node: nodeIdValue,
      since: timeOrAgo.default('7d').describe('An ISO-8601 time or a window such as 7d (default 7d).'),
      ...windowEnd,
      depth: queryInt({ min: 1, max: 100, default: 20 }).describe(
        'How many pipeline steps upstream to look: the job writing the node and its inputs are one.',
      ),
      limit: queryInt({ min: 1, max: 500, default: 50 }),
    }),
    handler: async ({ query }) =>
      findRootCauses(store, {
        node: query.node.id,
        since: query.since,
        depth: query.depth,
        limit: query.limit,
        ...endOfWindow(query),
      }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/pii',
    summary: 'Every derived-PII column, feature and model version, with the tagged columns it comes from',
    tags: ['Analysis'],
    querystring: z.object({
      under: z.string().min(1).max(1000).optional().describe('Only this namespace.'),
      asOf: asOfQuery,
    }),
    handler: async ({ query }) =>
      listDerivedPii(store, {
        ...(query.under ? { under: query.under } : {}),
        ...(query.asOf ? { asOf: query.asOf } : {}),
      }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/health',
    summary: 'Lineage health: gaps, unowned assets, stale datasets, failing assertions, orphaned feature views',
    tags: ['Analysis'],
    querystring: z.object({ asOf: asOfQuery, limit: queryInt({ min: 1, max: 1000, default: 100 }) }),
    handler: async ({ query }) =>
      checkLineageHealth(store, { limit: query.limit, ...(query.asOf ? { asOf: query.asOf } : {}) }),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v2/nodes/:id',
    summary: 'Annotate a node by hand: add or remove owners and tags, set the description',
    description:
      'Recorded in the event log with its author. Body: { addOwners, removeOwners, addTags, removeTags, description }.',
    tags: ['v2'],
    params: z.object({ id: nodeIdValue }),
    body: annotationSchema,
    handler: async ({ params, body, request }) => {
      const result = await annotateNode(store, params.id.id, body, request.actor);
      return { node: result.node, status: result.status, seq: result.seq };
    },
  });
}
