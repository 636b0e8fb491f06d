import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ingestDbt } from '../../ingest/dbt/ingest-dbt.js';
import { defineRoute } from '../define-route.js';
import type { RouteContext } from '../route-context.js';

const artifact = z.record(z.string(), z.unknown());

const dbtBody = z.object({
  manifest: artifact.describe('manifest.json (schema v4 to v12)'),
  catalog: artifact.nullish().describe('catalog.json (schema v1)'),
  runResults: artifact.nullish().describe('run_results.json (schema v4 to v6)'),
  namespace: z.string().min(1).optional().describe('Dataset namespace, e.g. postgres://db.internal:5432'),
  jobNamespace: z.string().min(1).optional().describe('Namespace of the dbt jobs (default: default)'),
  profiles: z
    .union([z.string(), artifact])
    .optional()
    .describe('profiles.yml (YAML text or parsed) to derive the namespace from; env_var() uses its defaults only'),
  reanalyze: z.boolean().optional().describe("Analyze every model's SQL even where it is unchanged"),
  profile: z.string().min(1).optional(),
  target: z.string().min(1).optional(),
});

/** `POST /api/v2/ingest/dbt`: the artifacts of one dbt invocation, recorded as one event. */
export function registerDbtRoutes(app: FastifyInstance, context: RouteContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v2/ingest/dbt',
    summary: 'Ingest dbt artifacts',
    description:
      'Takes `{ manifest, catalog?, runResults?, namespace?, profiles? }` from one dbt invocation. Models, seeds, ' +
      'snapshots and sources become datasets named by OpenLineage conventions, models jobs with their compiled SQL ' +
      'and column lineage, tests assertions, run results runs and assertion results. The dataset namespace comes ' +
      'from `namespace`, else from `profiles` (the server never reads its own environment for env_var()). 201 when ' +
      'recorded, 200 when the same artifacts were already recorded, 400 naming the artifact and field otherwise; ' +
      'nothing is written unless everything is.',
    tags: ['Ingestion'],
    body: dbtBody,
    responses: {
      200: 'The same artifacts were already recorded; nothing changed',
      201: 'The artifacts were recorded',
      400: 'An artifact is of an unsupported schema version, malformed, or from another project',
      413: 'The body is larger than the server accepts',
    },
    handler: async ({ body, request, reply }) => {
      const outcome = await ingestDbt(
        context.store,
        { manifest: body.manifest, catalog: body.catalog ?? null, runResults: body.runResults ?? null },
        {
          namespace: body.namespace,
          jobNamespace: body.jobNamespace,
          profiles: body.profiles,
          profile: body.profile,
          target: body.target,
          env: {},
          reanalyze: body.reanalyze === true,
          actor: request.actor,
        },
      );
      return reply.status(outcome.status === 'accepted' ? 201 : 200).send(outcome);
    },
  });
}
