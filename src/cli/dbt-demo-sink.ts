import { z } from 'zod';
import type { DemoSink } from '../demo/load-demo.js';
import { ingestDbt } from '../ingest/dbt/ingest-dbt.js';
import { InputError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import type { CliBackend } from './backend.js';
import { createHttpClient } from './http-client.js';

/** The demo's dbt path over a CLI backend: `ingestDbt` on the local store, or `POST /api/v2/ingest/dbt`. */
export function createDbtDemoSink(backend: CliBackend): Required<Pick<DemoSink, 'dbt'>> {
  const store: unknown = 'store' in backend ? backend.store : null;
  return {
    async dbt(batch) {
      const options = { namespace: batch.namespace, jobNamespace: batch.jobNamespace };
      try {
        const outcome = isStore(store)
          ? await ingestDbt(store, batch.artifacts, options)
          : await createHttpClient(backend.target).post(
              '/api/v2/ingest/dbt',
              {},
              { ...batch.artifacts, ...options },
              statusSchema,
            );
        return [{ status: outcome.status, errors: [] }];
      } catch (error) {
        if (error instanceof InputError) return [{ status: 'rejected', errors: error.issues }];
        throw error;
      }
    },
  };
}

const statusSchema = z.object({ status: z.enum(['accepted', 'duplicate']) });

function isStore(value: unknown): value is Store {
  return typeof value === 'object' && value !== null && 'ingest' in value && 'listNodes' in value;
}
