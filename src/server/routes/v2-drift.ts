import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findDrift } from '../../active/find-drift.js';
import { defineRoute } from '../define-route.js';
import { isoTime, nodeIdValue, timeOrAgo } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v2/drift?node=&since=`: drifted features and columns, with the upstream columns they come from. */
export function registerV2DriftRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/drift',
    summary:
      'Which features (deployments) or columns (datasets) drifted since a time, how much, and from which sources',
    description:
      'Deployments: population stability index per feature from daily histograms kept at prediction ingest, against ' +
      'the first 7 days of predictions before the window or a chosen baseline. Datasets: null share, distinct count ' +
      'and median from dataQualityMetrics facets over versions. Without node: every deployment.',
    tags: ['v2'],
    querystring: z.object({
      node: nodeIdValue.optional().describe('A deployment, model version or dataset.'),
      since: timeOrAgo.prefault('7d').describe('Start of the window: an ISO time or a duration ago (7d).'),
      until: isoTime.optional(),
      baselineFrom: isoTime.optional().describe('A chosen baseline window start (deployments).'),
      baselineTo: isoTime.optional(),
    }),
    handler: async ({ query }) =>
      findDrift(store, {
        since: query.since,
        ...(query.node ? { node: query.node.id } : {}),
        ...(query.until ? { until: query.until } : {}),
        ...(query.baselineFrom ? { baselineFrom: query.baselineFrom } : {}),
        ...(query.baselineTo ? { baselineTo: query.baselineTo } : {}),
      }),
  });
}
