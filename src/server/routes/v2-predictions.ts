import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { tracePrediction } from '../../analysis/trace.js';
import {
  applyRetention,
  ingestPredictions,
  isConflictOnly,
  MAX_PREDICTIONS_PER_BATCH,
} from '../../ingest/predictions/ingest-predictions.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import { parseDuration } from '../../model/time.js';
import { defineRoute } from '../define-route.js';
import { isoTime, pageQuery } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const NDJSON = 'application/x-ndjson';

/** A body read as NDJSON by this plugin's own parser. */
class PredictionLines {
  constructor(readonly records: unknown[]) {}
}

function parseLines(text: string): PredictionLines {
  const records: unknown[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      throw new InputError(`line ${index + 1} is not valid JSON: ${(error as Error).message}`, {
        path: `body.line[${index + 1}]`,
        cause: error,
      });
    }
  }
  return new PredictionLines(records);
}

function recordsOf(body: unknown): unknown[] {
  if (body instanceof PredictionLines) return body.records;
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object') return [body];
  throw new InputError('the body must be a prediction, a JSON array of predictions, or NDJSON', { path: 'body' });
}

/** Retention of the prediction log from ROOTLINE_PREDICTION_RETENTION (e.g. `90d`); none when unset. */
function retentionFromEnv(): number | null {
  const text = process.env.ROOTLINE_PREDICTION_RETENTION;
  return text ? parseDuration(text, 'ROOTLINE_PREDICTION_RETENTION') : null;
}

const idParams = z.object({ id: z.string().min(1).max(256).describe('The prediction id (URL-encoded).') });

/**
 * `POST /api/v2/predictions` (log a batch), `GET /api/v2/predictions/{id}` and
 * `GET /api/v2/predictions/{id}/trace` (the raw source columns behind a prediction).
 */
export function registerV2PredictionRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const retention = retentionFromEnv();
  app.register(async (scope) => {
    if (scope.hasContentTypeParser(NDJSON)) scope.removeContentTypeParser(NDJSON);
    scope.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseLines(String(body)));
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)), undefined);
      }
    });

    defineRoute(scope, {
      method: 'POST',
      url: '/api/v2/predictions',
      summary: 'Log predictions',
      description:
        `A JSON array (or application/x-ndjson) of up to ${MAX_PREDICTIONS_PER_BATCH} records ` +
        '`{ id, deployment, time, features: { name: value }, output, modelVersion? }`. The model version is resolved ' +
        "from the deployment's serving interval at `time` unless given. All or nothing: 200 when written (identical " +
        're-sent ids count as duplicates), 400 with an outcome per bad record, 409 when an id is already logged with ' +
        'different content.',
      tags: ['ML'],
      bodyDoc: { type: 'array', items: { type: 'object' } },
      responses: {
        200: 'The batch was written',
        400: 'Bad records; nothing written',
        409: 'Conflicting ids; nothing written',
      },
      handler: async ({ request, reply }) => {
        const records = recordsOf(request.body);
        if (records.length === 0)
          throw new InputError('the batch is empty; send at least one prediction', { path: 'body' });
        const result = await ingestPredictions(store, store.predictions, records);
        if (result.written) {
          if (retention !== null) await applyRetention(store.predictions, retention);
          return reply.status(200).send(result);
        }
        const conflict = isConflictOnly(result);
        const issues = result.outcomes.flatMap((o) => o.errors.map(({ path, message }) => ({ path, message })));
        const first = issues[0];
        return reply.status(conflict ? 409 : 400).send({
          error: {
            name: conflict ? 'ConflictError' : 'InputError',
            message: `${result.rejected} of ${records.length} predictions rejected; nothing was written${first ? ` (${first.path}: ${first.message})` : ''}`,
            ...(first ? { path: first.path } : {}),
            issues,
          },
          ...result,
        });
      },
    });
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/predictions',
    summary: 'Logged predictions, newest first',
    tags: ['ML'],
    querystring: z.object({
      deployment: z.string().min(1).max(2048).optional().describe('A deployment id.'),
      modelVersion: z.string().min(1).max(2048).optional().describe('A model version id.'),
      from: isoTime.optional().describe('Only predictions at or after this time.'),
      to: isoTime.optional().describe('Only predictions before this time.'),
      ...pageQuery,
    }),
    handler: async ({ query }) => {
      const { deployment, modelVersion, from, to, limit, offset } = query;
      return store.predictions.list({
        limit,
        offset,
        ...(deployment
          ? { deployment: deployment.startsWith('deployment:') ? deployment : `deployment:${deployment}` }
          : {}),
        ...(modelVersion ? { modelVersion } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/predictions/:id',
    summary: 'One logged prediction',
    tags: ['ML'],
    params: idParams,
    handler: async ({ params }) => {
      const prediction = await store.predictions.get(params.id);
      if (!prediction) throw new NotFoundError(`prediction ${params.id} not found`);
      return prediction;
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/predictions/:id/trace',
    summary: 'What raw data fed a prediction',
    description:
      'The deployment, model version and training-set version behind a prediction, and for each feature the raw ' +
      "source columns reached through DIRECT column edges as of the prediction's time.",
    tags: ['ML'],
    params: idParams,
    handler: async ({ params }) => {
      const prediction = await store.predictions.get(params.id);
      if (!prediction) throw new NotFoundError(`prediction ${params.id} not found`);
      return tracePrediction(store, prediction);
    },
  });
}
