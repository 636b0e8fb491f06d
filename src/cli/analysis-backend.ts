import { checkLineageHealth, type HealthReport } from '../analysis/health.js';
import { analyzeImpact, type ImpactOptions, type ImpactReport } from '../analysis/impact.js';
import { listDerivedPii, type PiiReport } from '../analysis/pii.js';
import { findRootCauses, type RootCauseOptions, type RootCauseReport } from '../analysis/root-cause.js';
import { findSchemaChanges, type SchemaChangeReport } from '../analysis/schema-changes.js';
import { type Annotation, annotateNode } from '../ingest/annotate/annotate-node.js';
import type { GraphNode } from '../model/graph.js';
import type { Store } from '../store/store.js';
import {
  annotateSchema,
  changesSchema,
  healthSchema,
  impactSchema,
  piiSchema,
  rootCauseSchema,
} from './analysis-http-schemas.js';
import { type CommonOptions, describeConnection, resolveConnection } from './connection.js';
import { createHttpClient } from './http-client.js';
import type { CliIo } from './io.js';
import { CLI_ACTOR } from './local-backend.js';
import { openLocalStore } from './open-backend.js';

/** The analysis questions, answered in-process on a database or by a running server over HTTP. */
export interface AnalysisBackend {
  readonly target: string;
  impact(options: ImpactOptions): Promise<ImpactReport>;
  changes(since: string, until?: string): Promise<SchemaChangeReport>;
  rootCause(options: RootCauseOptions): Promise<RootCauseReport>;
  health(options: { asOf?: string; limit: number }): Promise<HealthReport>;
  pii(under?: string): Promise<PiiReport>;
  annotate(id: string, annotation: Annotation): Promise<{ node: GraphNode; status: string }>;
  close(): Promise<void>;
}

function createLocalAnalysisBackend(store: Store, target: string): AnalysisBackend {
  return {
    target,
    impact: (options) => analyzeImpact(store, options),
    changes: (since, until) => findSchemaChanges(store, { since, ...(until ? { until } : {}) }),
    rootCause: (options) => findRootCauses(store, options),
    health: (options) => checkLineageHealth(store, options),
    pii: (under) => listDerivedPii(store, under ? { under } : {}),
    annotate: (id, annotation) => annotateNode(store, id, annotation, CLI_ACTOR),
    close: () => store.close(),
  };
}

function createServerAnalysisBackend(url: string, token: string | undefined): AnalysisBackend {
  const http = createHttpClient(url, { token });
  return {
    target: url,
    impact: (options) =>
      http.get(
        '/api/v2/impact',
        { node: options.node, change: options.change, asOf: options.asOf, depth: options.depth },
        impactSchema,
      ),
    changes: (since, until) => http.get('/api/v2/changes', { since, asOf: until }, changesSchema),
    rootCause: (options) =>
      http.get(
        '/api/v2/root-cause',
        { node: options.node, since: options.since, asOf: options.until, depth: options.depth },
        rootCauseSchema,
      ),
    health: (options) => http.get('/api/v2/health', options, healthSchema),
    pii: (under) => http.get('/api/v2/pii', { under }, piiSchema),
    annotate: (id, annotation) => http.patch(`/api/v2/nodes/${encodeURIComponent(id)}`, annotation, annotateSchema),
    close: async () => undefined,
  };
}

/** Opens the analysis backend the options point at, runs `work` with it and always closes it. */
export async function withAnalysisBackend<T>(
  options: CommonOptions,
  io: CliIo,
  work: (backend: AnalysisBackend) => Promise<T>,
): Promise<T> {
  const connection = resolveConnection(options, io.env ?? {});
  const backend =
    connection.kind === 'server'
      ? createServerAnalysisBackend(connection.url, io.env?.ROOTLINE_TOKEN)
      : createLocalAnalysisBackend(await openLocalStore(connection), describeConnection(connection));
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}
