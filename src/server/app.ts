import { randomUUID } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type ActiveRuntimeOptions, createActiveRuntime } from '../active/active-runtime.js';
import type { Store } from '../store/store.js';
import { NO_ACCESS, OPEN_ACCESS } from './auth/access.js';
import { currentAccess } from './auth/access-context.js';
import { installAuth } from './auth/auth-hook.js';
import { ScopedStore } from './auth/scoped-store.js';
import { createErrorHandler } from './errors.js';
import { decorateActor } from './request-actor.js';
import { acceptCompressedBodies } from './request-decompression.js';
import type { RetentionPolicy } from './retention/retention-policy.js';
import type { RouteContext } from './route-context.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerDatasetRoutes } from './routes/datasets.js';
import { registerDbtRoutes } from './routes/dbt.js';
import { registerDocsRoutes } from './routes/docs.js';
import { registerEventRoutes } from './routes/events.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerLineageGraphRoutes } from './routes/lineage-graph.js';
import { registerLoginRoutes } from './routes/login.js';
import { registerMcpRoutes } from './routes/mcp.js';
import { registerNamespaceRoutes } from './routes/namespaces.js';
import { registerOpenLineageRoutes } from './routes/openlineage.js';
import { registerRetentionRoutes } from './routes/retention.js';
import { registerRunRoutes } from './routes/runs.js';
import { registerSearchRoutes } from './routes/search.js';
import { registerTokenRoutes } from './routes/tokens.js';
import { registerV2AlertRoutes } from './routes/v2-alerts.js';
import { registerV2AnalysisRoutes } from './routes/v2-analysis.js';
import { registerV2DriftRoutes } from './routes/v2-drift.js';
import { registerV2EventStreamRoutes } from './routes/v2-event-stream.js';
import { registerEventLogRoutes } from './routes/v2-events.js';
import { registerV2IncidentRoutes } from './routes/v2-incidents.js';
import { registerV2LineageRoutes } from './routes/v2-lineage.js';
import { registerV2MlRoutes } from './routes/v2-ml.js';
import { registerV2NodeRoutes } from './routes/v2-nodes.js';
import { registerV2PolicyRoutes } from './routes/v2-policy.js';
import { registerV2PredictionRoutes } from './routes/v2-predictions.js';
import { registerV2RunRoutes } from './routes/v2-runs.js';
import { registerWebRoutes } from './routes/web.js';
import { addSecurityHeaders } from './security-headers.js';

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;
export const DEFAULT_MAX_BATCH_EVENTS = 10_000;
/** Requests one token may make per minute (requests without a token are not limited). */
export const DEFAULT_RATE_LIMIT = 1_200;

export interface AppOptions {
  store: Store;
  /** A pino logger, `true` for Fastify's default logger, or nothing for silence. */
  logger?: FastifyBaseLogger | boolean;
  /** Reject OpenLineage events whose standard facets fail their schema (default false). */
  strict?: boolean;
  /** Largest accepted request body in bytes (default 10 MB). */
  bodyLimit?: number;
  /** Most OpenLineage events one request may carry (default 10,000). */
  maxBatchEvents?: number;
  /** Directory of the built web UI (`web/dist`); served at `/` when it holds an index.html. */
  webRoot?: string;
  /** Require a bearer token on the APIs and MCP (default false: the open loopback server). */
  authRequired?: boolean;
  /** Requests per minute per token (default 1,200). */
  rateLimit?: number;
  /** The retention policy `POST /api/v2/retention/apply` applies (default: keep everything). */
  retention?: RetentionPolicy;
  /** Alert delivery settings (timeouts, backoff, queue bound); the worker always runs. */
  active?: ActiveRuntimeOptions;
}

/**
 * Builds the Rootline HTTP application, ready for `inject()` or `listen()`: the OpenLineage
 * endpoint, the Marquez-compatible reads under `/api/v1`, Rootline's `/api/v2`, the OpenAPI
 * document at `/api/docs`, `/health`, and the web UI. Request parts are parsed with zod in each
 * route (Fastify's JSON-schema validation is off; the schemas only feed the OpenAPI document).
 */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const logger = options.logger;
  const app: FastifyInstance = Fastify({
    ...(typeof logger === 'object' ? { loggerInstance: logger } : { logger: logger ?? false }),
    bodyLimit,
    routerOptions: { maxParamLength: 4096, ignoreTrailingSlash: true },
    return503OnClosing: true,
    genReqId: () => randomUUID(),
  });
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(createErrorHandler({ bodyLimit }));
  decorateActor(app);
  const authRequired = options.authRequired ?? false;
  installAuth(app, options.store, { required: authRequired });
  await app.register(fastifyRateLimit, {
    max: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    timeWindow: 60_000,
    hook: 'preHandler',
    keyGenerator: (request) => request.actor ?? request.ip,
    allowList: (request) => request.actor === null,
  });
  addSecurityHeaders(app);
  acceptCompressedBodies(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Rootline',
        version: '0.1.0',
        description:
          'Column-level lineage for machine learning. OpenLineage ingestion, Marquez-compatible reads under /api/v1, ' +
          'and Rootline reads under /api/v2 (every read with a time dimension takes asOf).',
      },
    },
  });

  // Every route sees the store through the current request's access (roles, namespaces, PII masking).
  const fallback = authRequired ? NO_ACCESS : OPEN_ACCESS;
  // Alerts and live events: every ingest through the routes passes the post-ingest hook.
  const active = createActiveRuntime(options.store, app.log, options.active);
  app.addHook('onClose', () => active.close());
  const context: RouteContext = {
    store: new ScopedStore(active.store, () => currentAccess() ?? fallback),
    strict: options.strict ?? false,
    maxBatchEvents: options.maxBatchEvents ?? DEFAULT_MAX_BATCH_EVENTS,
  };
  registerHealthRoutes(app, context);
  registerOpenLineageRoutes(app, context);
  registerNamespaceRoutes(app, context);
  registerDatasetRoutes(app, context);
  registerJobRoutes(app, context);
  registerRunRoutes(app, context);
  registerLineageGraphRoutes(app, context);
  registerSearchRoutes(app, context);
  registerEventRoutes(app, context);
  registerEventLogRoutes(app, context);
  registerV2LineageRoutes(app, context);
  registerV2NodeRoutes(app, context);
  registerV2RunRoutes(app, context);
  registerV2MlRoutes(app, context);
  registerV2AnalysisRoutes(app, context);
  registerV2PredictionRoutes(app, context);
  registerV2IncidentRoutes(app, context);
  registerV2AlertRoutes(app, context);
  registerV2EventStreamRoutes(app, context, active.live);
  registerV2PolicyRoutes(app, context, active.policy);
  registerV2DriftRoutes(app, context);
  registerDbtRoutes(app, context);
  registerMcpRoutes(app, context);
  registerTokenRoutes(app, context);
  registerAuditRoutes(app, context);
  registerLoginRoutes(app, options.store);
  registerRetentionRoutes(
    app,
    context,
    options.retention ?? { runs: null, predictions: null, events: null, schedule: null },
  );
  registerDocsRoutes(app);
  await registerWebRoutes(app, options.webRoot);
  await app.ready();
  return app;
}
