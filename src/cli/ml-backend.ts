import { findLeakage, findLeakageWarnings, type LeakageReport } from '../analysis/leakage.js';
import { type ReproductionRecipe, reproduceModelVersion } from '../analysis/reproduce.js';
import { type PredictionTrace, tracePrediction } from '../analysis/trace.js';
import { type ApplyResult, applyManifest } from '../ingest/ml/apply-manifest.js';
import {
  applyRetention,
  ingestPredictions,
  MAX_PREDICTIONS_PER_BATCH,
  type PredictionBatchResult,
} from '../ingest/predictions/ingest-predictions.js';
import { InputError, NotFoundError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import { type CommonOptions, describeConnection, resolveConnection } from './connection.js';
import { createHttpClient } from './http-client.js';
import type { CliIo } from './io.js';
import { CLI_ACTOR } from './local-backend.js';
import {
  applyResultSchema,
  leakageSchema,
  predictionBatchSchema,
  recipeSchema,
  traceSchema,
} from './ml-http-schemas.js';
import { type OpenOptions, openLocalStore } from './open-backend.js';

/** What the ML commands need, whether the database is opened in-process or a server is reached over HTTP. */
export interface MlBackend {
  readonly target: string;
  apply(document: unknown): Promise<ApplyResult>;
  /** One batch of at most {@link MAX_PREDICTIONS_PER_BATCH} records. */
  logPredictions(records: unknown[], options: { retentionMs: number | null }): Promise<PredictionBatchResult>;
  trace(predictionId: string): Promise<PredictionTrace>;
  /** `version` null: the newest version of the training set. */
  leakage(trainingSet: string, version: string | null): Promise<LeakageReport>;
  reproduce(modelVersion: string): Promise<ReproductionRecipe>;
  /** The store, for commands that only work on a database opened in-process (importers); null over HTTP. */
  readonly store: Store | null;
  close(): Promise<void>;
}

export function createLocalMlBackend(store: Store, target: string): MlBackend {
  return {
    target,
    store,
    apply: (document) =>
      applyManifest(store, document, { actor: CLI_ACTOR, check: (sets) => findLeakageWarnings(store, sets) }),
    async logPredictions(records, { retentionMs }) {
      const result = await ingestPredictions(store, store.predictions, records);
      if (result.written && retentionMs !== null) await applyRetention(store.predictions, retentionMs);
      return result;
    },
    async trace(id) {
      const prediction = await store.predictions.get(id);
      if (!prediction) throw new NotFoundError(`prediction ${id} not found`);
      return tracePrediction(store, prediction);
    },
    leakage: (trainingSet, version) => findLeakage(store, trainingSet, version),
    reproduce: (modelVersion) => reproduceModelVersion(store, modelVersion),
    close: () => store.close(),
  };
}

export function createServerMlBackend(url: string, options: { token?: string | undefined } = {}): MlBackend {
  const http = createHttpClient(url, options);
  return {
    target: url,
    store: null,
    apply: (document) => http.post('/api/v2/apply', {}, document, applyResultSchema),
    logPredictions: (records) => http.post('/api/v2/predictions', {}, records, predictionBatchSchema),
    trace: (id) => http.get(`/api/v2/predictions/${encodeURIComponent(id)}/trace`, {}, traceSchema),
    leakage: (trainingSet, version) =>
      http.get('/api/v2/leakage', { trainingSet, version: version ?? undefined }, leakageSchema),
    reproduce: (modelVersion) => http.get('/api/v2/reproduce', { modelVersion }, recipeSchema),
    close: async () => undefined,
  };
}

/** Opens the ML backend the options point at, runs `work` with it and always closes it. */
export async function withMlBackend<T>(
  options: CommonOptions,
  io: CliIo,
  work: (backend: MlBackend) => Promise<T>,
  open: OpenOptions = {},
): Promise<T> {
  const connection = resolveConnection(options, io.env ?? {});
  const backend =
    connection.kind === 'server'
      ? createServerMlBackend(connection.url, { token: io.env?.ROOTLINE_TOKEN })
      : createLocalMlBackend(await openLocalStore(connection, open), describeConnection(connection));
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** The store of a local backend; importers read other systems and write the database directly. */
export function requireLocalStore(backend: MlBackend, command: string): Store {
  if (!backend.store) {
    throw new InputError(`${command} writes the database directly; use --db or --database-url instead of --server`, {
      path: '--server',
    });
  }
  return backend.store;
}
