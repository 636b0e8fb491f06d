import type { DemoOutcome, DemoSink } from '../demo/load-demo.js';
import { MAX_PREDICTIONS_PER_BATCH } from '../ingest/predictions/ingest-predictions.js';
import { ConflictError, InputError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import type { CliBackend } from './backend.js';
import { createLocalMlBackend, createServerMlBackend, type MlBackend } from './ml-backend.js';

/** The ML backend next to a CLI backend: the same store in-process, or the same server. Not to be closed. */
export function mlBackendFor(backend: CliBackend): MlBackend {
  const store: unknown = 'store' in backend ? backend.store : null;
  return isStore(store) ? createLocalMlBackend(store, backend.target) : createServerMlBackend(backend.target);
}

function isStore(value: unknown): value is Store {
  return typeof value === 'object' && value !== null && 'predictions' in value && 'ingest' in value;
}

/** The demo's ML ingestion paths (manifest and predictions) over an ML backend. */
export function createMlDemoSink(ml: MlBackend): Required<Pick<DemoSink, 'manifest' | 'predictions'>> {
  return {
    async manifest(document) {
      try {
        const result = await ml.apply(document);
        return [{ status: result.status === 'accepted' ? 'accepted' : 'duplicate', errors: [] }];
      } catch (error) {
        if (error instanceof InputError) return [{ status: 'rejected', errors: error.issues }];
        if (error instanceof ConflictError)
          return [{ status: 'rejected', errors: [{ path: error.path ?? '', message: error.message }] }];
        throw error;
      }
    },
    async predictions(records) {
      const outcomes: DemoOutcome[] = [];
      for (let start = 0; start < records.length; start += MAX_PREDICTIONS_PER_BATCH) {
        const result = await ml.logPredictions(records.slice(start, start + MAX_PREDICTIONS_PER_BATCH), {
          retentionMs: null,
        });
        for (let i = 0; i < result.inserted; i++) outcomes.push({ status: 'accepted', errors: [] });
        for (const outcome of result.outcomes) {
          outcomes.push({ status: outcome.status === 'duplicate' ? 'duplicate' : 'rejected', errors: outcome.errors });
        }
      }
      return outcomes;
    },
  };
}
