import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../model/errors.js';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';

/**
 * The event log under `/api/v2/events`: one record by sequence number (what root-cause evidence
 * and assertion results cite as `eventSeq`), and the hash-chain check `rootline verify --server`
 * asks for. Like the audit trail, namespace-scoped tokens may not read it, and payloads are masked
 * without the pii:read scope.
 */
export function registerEventLogRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/events/verify',
    summary: 'Verify the hash chain of the event log',
    description:
      'Recomputes every record hash and chain link; `ok` is false and `firstBroken` names the first record that ' +
      'does not match when a stored record was altered or removed.',
    tags: ['v2'],
    responses: { 200: '{ ok, checked, firstBroken: { seq, reason } | null }' },
    handler: async () => store.verifyChain(),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/events/:seq',
    summary: 'One record of the event log, by sequence number',
    description:
      'The record with its source, actor, times, hash and payload: the event, document or action it recorded. ' +
      'Root-cause evidence and assertion results name records by `eventSeq`.',
    tags: ['v2'],
    params: z.object({
      seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('The sequence number.'),
    }),
    handler: async ({ params }) => {
      const event = await store.getEvent(params.seq);
      if (!event) throw new NotFoundError(`no event-log record ${params.seq}`);
      return {
        seq: event.seq,
        source: event.source,
        actor: event.actor,
        receivedAt: event.receivedAt,
        eventTime: event.eventTime,
        hash: event.hash,
        previousHash: event.prevHash,
        pruned: event.prunedBy !== undefined,
        payload: event.payload,
      };
    },
  });
}
