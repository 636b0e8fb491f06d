import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_SOURCES } from '../../ingest/event-sources.js';
import { ForbiddenError } from '../../model/errors.js';
import { parseNodeId } from '../../model/node-id.js';
import { currentAccess } from '../auth/access-context.js';
import { defineRoute } from '../define-route.js';
import { nodeIdValue, pageQuery, timeOrAgo } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

/** The strings a record's payload must contain to concern a node: its namespace and name (or its run id). */
export function mentionsOf(id: string): string[] {
  const ref = parseNodeId(id);
  if (!('namespace' in ref)) return [ref.runId];
  return ref.kind === 'datasetField' ? [ref.namespace, ref.name, ref.field] : [ref.namespace, ref.name];
}

/**
 * `GET /api/v2/audit`: the hash-chained event log as an audit trail, every write, admin action
 * and PII read with its actor, filtered by actor, node, source and time (admin or `audit:read`).
 */
export function registerAuditRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/audit',
    summary: 'Audit trail: who wrote, changed or read what, and when',
    description:
      'Records of the event log, newest first. `node` keeps records whose payload names the node (its namespace and ' +
      'name). Payloads that may carry data values are masked without the pii:read scope. Needs admin or audit:read.',
    tags: ['Security'],
    querystring: z.object({
      actor: z.string().min(1).max(256).optional().describe('Token id.'),
      node: nodeIdValue.optional(),
      source: z.enum(EVENT_SOURCES).optional(),
      since: timeOrAgo.optional().describe('ISO time or a duration ago such as 7d.'),
      until: timeOrAgo.optional(),
      ...pageQuery,
    }),
    handler: async ({ query }) => {
      if (!currentAccess()?.auditRead)
        throw new ForbiddenError('the audit trail needs an admin token or the audit:read scope');
      const page = await store.listEvents({
        order: 'desc',
        limit: query.limit,
        offset: query.offset,
        ...(query.actor ? { actor: query.actor } : {}),
        ...(query.source ? { source: query.source } : {}),
        ...(query.since ? { after: query.since } : {}),
        ...(query.until ? { before: query.until } : {}),
        ...(query.node ? { mentions: mentionsOf(query.node.id) } : {}),
      });
      return {
        records: page.items.map((event) => ({
          seq: event.seq,
          source: event.source,
          actor: event.actor,
          receivedAt: event.receivedAt,
          eventTime: event.eventTime,
          action: actionOf(event.payload),
          hash: event.hash,
          pruned: event.prunedBy !== undefined,
          payload: event.payload,
        })),
        total: page.total,
      };
    },
  });
}

function actionOf(payload: unknown): string | null {
  if (payload !== null && typeof payload === 'object' && 'action' in payload && typeof payload.action === 'string') {
    return payload.action;
  }
  if (payload !== null && typeof payload === 'object' && 'eventType' in payload) return String(payload.eventType);
  return null;
}
