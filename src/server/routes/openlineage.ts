import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ingestOpenLineage } from '../../ingest/openlineage/ingest-openlineage.js';
import { InputError } from '../../model/errors.js';
import { defineRoute } from '../define-route.js';
import { queryBoolean } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const NDJSON = 'application/x-ndjson';

/**
 * Reads newline-delimited JSON into a list of values; a line that is not JSON is an
 * {@link InputError} naming its line number. Blank lines are skipped.
 */
export function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid JSON';
      throw new InputError(`line ${index + 1} is not valid JSON: ${reason}`, { path: `body.line[${index + 1}]` });
    }
  }
  return events;
}

/** Some producers label JSON `text/plain`; Fastify hands such a body over as a string. */
function parseTextBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new InputError(`request body is not valid JSON: ${reason}`, { path: 'body' });
  }
}

/** An NDJSON body once parsed; a class, so a JSON body can never be mistaken for it. */
class NdjsonBody {
  constructor(readonly events: unknown[]) {}
}

function eventsOf(body: unknown, isBatchBody: boolean): { events: unknown[]; batch: boolean } {
  if (Array.isArray(body)) {
    if (body.length === 0) throw new InputError('the batch is empty; send at least one event', { path: 'body' });
    return { events: body, batch: true };
  }
  if (body !== null && typeof body === 'object') return { events: [body], batch: isBatchBody };
  throw new InputError('the body must be an OpenLineage RunEvent, DatasetEvent or JobEvent, or a JSON array of them', {
    path: 'body',
  });
}

/** `POST /api/v1/lineage`: OpenLineage events, one or a batch (a JSON array or NDJSON). */
export function registerOpenLineageRoutes(app: FastifyInstance, context: RouteContext): void {
  app.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, new NdjsonBody(parseNdjson(String(body))));
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)), undefined);
    }
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/lineage',
    summary: 'Record OpenLineage events',
    description:
      'Takes one RunEvent, DatasetEvent or JobEvent, or a JSON array (or application/x-ndjson) of them. One event: ' +
      '201 when accepted, 200 when it was already recorded, 400 with the JSON path of every problem when rejected. ' +
      'A batch: 200 with an outcome per event. A standard facet that fails its schema is kept raw and reported as a ' +
      'warning, or rejects the event when strict (`?strict=true` or the server setting).',
    tags: ['Lineage'],
    querystring: z.object({
      strict: queryBoolean.default(false).describe('Reject events whose standard facets fail their schema.'),
    }),
    bodyDoc: {
      oneOf: [
        { type: 'object', description: 'An OpenLineage RunEvent, DatasetEvent or JobEvent' },
        { type: 'array', items: { type: 'object' } },
      ],
    },
    responses: {
      200: 'A duplicate event, or the outcomes of a batch',
      201: 'The event was recorded',
      400: 'The event was rejected; every problem is listed with its JSON path',
      413: 'The body is larger than the server accepts',
    },
    handler: async ({ query, request, reply }) => {
      const body = request.body;
      const { events, batch } =
        body instanceof NdjsonBody ? eventsOf(body.events, true) : eventsOf(parseTextBody(body), false);
      if (events.length > context.maxBatchEvents) {
        throw new InputError(
          `the batch has ${events.length} events, more than the limit of ${context.maxBatchEvents}; send it in parts`,
          { path: 'body' },
        );
      }
      const strict = context.strict || query.strict;
      const outcomes = await ingestOpenLineage(context.store, events, { strict, actor: request.actor });
      if (batch) {
        const count = (status: string) => outcomes.filter((outcome) => outcome.status === status).length;
        return reply.status(200).send({
          summary: { accepted: count('accepted'), duplicate: count('duplicate'), rejected: count('rejected') },
          results: outcomes,
        });
      }
      const outcome = outcomes[0];
      if (!outcome) throw new Error('ingestOpenLineage returned no outcome for one event');
      if (outcome.status === 'rejected') {
        const first = outcome.errors[0];
        const detail = outcome.errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
        throw new InputError(`event rejected: ${detail || 'invalid event'}`, {
          ...(first ? { path: first.path } : {}),
          issues: outcome.errors,
        });
      }
      return reply.status(outcome.status === 'accepted' ? 201 : 200).send({
        status: outcome.status,
        seq: outcome.seq ?? null,
        warnings: outcome.warnings,
      });
    },
  });
}
