import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findLeakage, findLeakageWarnings } from '../../analysis/leakage.js';
import { reproduceModelVersion } from '../../analysis/reproduce.js';
import { applyManifest } from '../../ingest/ml/apply-manifest.js';
import { readManifestText } from '../../ingest/ml/parse-manifest.js';
import { InputError } from '../../model/errors.js';
import { readTrainingSetId } from '../../model/ml-records.js';
import { defineRoute } from '../define-route.js';
import { nodeIdValue } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/**
 * `POST /api/v2/apply` (the ML manifest, JSON or YAML), `GET /api/v2/leakage` and
 * `GET /api/v2/reproduce`.
 */
export function registerV2MlRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.register(async (scope) => {
    for (const type of YAML_TYPES) {
      if (!scope.hasContentTypeParser(type)) {
        scope.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, String(body)));
      }
    }
    defineRoute(scope, {
      method: 'POST',
      url: '/api/v2/apply',
      summary: 'Register ML assets from a manifest',
      description:
        'Feature views, training-set versions, models and model versions, deployments and synthetic datasets, as ' +
        'JSON or YAML (`application/yaml`). Idempotent; training-set and model versions are immutable (relisting one ' +
        'with other content is 409). Errors name the document path; nothing of a rejected document is stored. ' +
        'The answer lists leakage warnings for the training sets it registered.',
      tags: ['ML'],
      bodyDoc: { type: 'object' },
      responses: {
        200: 'Applied',
        400: 'Invalid document, every problem with its path',
        409: 'An immutable version differs',
      },
      handler: async ({ request }) => {
        const body = typeof request.body === 'string' ? readManifestText(request.body) : request.body;
        if (body === undefined || body === null)
          throw new InputError('request body is empty; expected a manifest', { path: 'body' });
        return applyManifest(store, body, {
          actor: request.actor,
          check: (trainingSets) => findLeakageWarnings(store, trainingSets),
        });
      },
    });
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/leakage',
    summary: "Features of a training-set version whose lineage reaches the label's sources",
    description:
      "DIRECT and CONDITIONAL column edges as of the version's createdAt; JOIN, FILTER and GROUP_BY edges alone do not count.",
    tags: ['ML'],
    querystring: z.object({
      trainingSet: z.string().min(1).max(4096).describe('The training-set dataset id (dataset:NS:NAME, or NS:NAME).'),
      version: z.string().min(1).max(128).optional().describe('The training-set version (default: the newest).'),
    }),
    handler: async ({ query }) => {
      return findLeakage(store, readTrainingSetId(query.trainingSet, 'query.trainingSet'), query.version);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v2/reproduce',
    summary: 'Exactly what produced a model version',
    description:
      'Training-set version, features, and every dataset version and job version (with SQL) upstream as of the ' +
      "model version's training time, with code version and params.",
    tags: ['ML'],
    querystring: z.object({ modelVersion: nodeIdValue.describe('A modelVersion:NS:NAME:VERSION id.') }),
    handler: async ({ query }) => {
      if (query.modelVersion.ref.kind !== 'modelVersion') {
        throw new InputError(`expected a modelVersion id, got '${query.modelVersion.id}'`, {
          path: 'query.modelVersion',
        });
      }
      return reproduceModelVersion(store, query.modelVersion.id);
    },
  });
}
