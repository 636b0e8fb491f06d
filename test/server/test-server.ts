import type { FastifyInstance } from 'fastify';
import { type AppOptions, createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** A Rootline app over a fresh SQLite `:memory:` store, for `app.inject()`. */
export async function createTestServer(options: Partial<Omit<AppOptions, 'store'>> = {}): Promise<TestServer> {
  const store = await openStore({ db: ':memory:' });
  const app = await createApp({ store, ...options });
  return {
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export const DB = 'postgres://db:5432';
export const ETL = 'etl';
export const PRODUCER = 'https://github.com/rootline/tests';

type FieldSpec = [name: string, type: string];
type InputFieldSpec = [namespace: string, name: string, field: string, subtype?: string];

export interface DatasetSpec {
  namespace?: string;
  name: string;
  fields?: FieldSpec[];
  /** Output field -> the input fields it derives from. */
  lineage?: Record<string, InputFieldSpec[]>;
}

function facet(schema: string, body: Record<string, unknown>) {
  return { _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${schema}.json`, ...body };
}

function datasetOf(spec: DatasetSpec) {
  const facets: Record<string, unknown> = {};
  if (spec.fields) {
    facets.schema = facet('SchemaDatasetFacet', { fields: spec.fields.map(([name, type]) => ({ name, type })) });
  }
  if (spec.lineage) {
    const fields: Record<string, unknown> = {};
    for (const [field, inputs] of Object.entries(spec.lineage)) {
      fields[field] = {
        inputFields: inputs.map(([namespace, name, inputField, subtype]) => ({
          namespace,
          name,
          field: inputField,
          transformations: [{ type: 'DIRECT', subtype: subtype ?? 'IDENTITY' }],
        })),
      };
    }
    facets.columnLineage = facet('ColumnLineageDatasetFacet', { fields });
  }
  return { namespace: spec.namespace ?? DB, name: spec.name, facets };
}

export interface RunEventSpec {
  eventType: 'START' | 'RUNNING' | 'COMPLETE' | 'FAIL' | 'ABORT' | 'OTHER';
  eventTime: string;
  runId: string;
  job: string;
  inputs?: DatasetSpec[];
  outputs?: DatasetSpec[];
  sql?: string;
}

/** A well-formed OpenLineage 2-0-2 RunEvent. */
export function runEvent(spec: RunEventSpec) {
  const jobFacets: Record<string, unknown> = {};
  if (spec.sql) jobFacets.sql = facet('SQLJobFacet', { query: spec.sql });
  return {
    eventType: spec.eventType,
    eventTime: spec.eventTime,
    run: { runId: spec.runId, facets: {} },
    job: { namespace: ETL, name: spec.job, facets: jobFacets },
    inputs: (spec.inputs ?? []).map(datasetOf),
    outputs: (spec.outputs ?? []).map(datasetOf),
    producer: PRODUCER,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

export const RAW_ORDERS: DatasetSpec = {
  name: 'raw.orders',
  fields: [
    ['id', 'INTEGER'],
    ['amount', 'DECIMAL'],
    ['customer_id', 'INTEGER'],
  ],
};
export const ORDERS_CLEAN: DatasetSpec = {
  name: 'public.orders_clean',
  fields: [
    ['id', 'INTEGER'],
    ['amount', 'DECIMAL'],
  ],
  lineage: { id: [[DB, 'raw.orders', 'id']], amount: [[DB, 'raw.orders', 'amount']] },
};
export const CUSTOMERS: DatasetSpec = { name: 'public.customers', fields: [['id', 'INTEGER']] };
export const REVENUE: DatasetSpec = {
  name: 'public.revenue',
  fields: [
    ['day', 'DATE'],
    ['total', 'DECIMAL'],
  ],
  lineage: { total: [[DB, 'public.orders_clean', 'amount', 'AGGREGATION']] },
};

export const RUN_LOAD = '0a8f1f5e-1111-4c3e-9d51-6c1b2f1a0001';
export const RUN_REVENUE_1 = '0a8f1f5e-2222-4c3e-9d51-6c1b2f1a0002';
export const RUN_REVENUE_2 = '0a8f1f5e-3333-4c3e-9d51-6c1b2f1a0003';
export const RUN_LOAD_FAILED = '0a8f1f5e-4444-4c3e-9d51-6c1b2f1a0004';

/** Day 1: load_orders; day 2: daily_revenue; day 3: daily_revenue also reads customers, then load_orders fails. */
export const PIPELINE_TIMES = {
  day1: '2026-10-01T06:00:00.000Z',
  day2: '2026-10-02T06:00:00.000Z',
  day3: '2026-10-03T06:00:00.000Z',
};

/** The events of a small pipeline over three days, in emission order. */
export function pipelineEvents() {
  const { day1, day2, day3 } = PIPELINE_TIMES;
  const later = (time: string) => new Date(Date.parse(time) + 5 * 60_000).toISOString();
  const load = { runId: RUN_LOAD, job: 'load_orders', inputs: [RAW_ORDERS], outputs: [ORDERS_CLEAN] };
  const revenue1 = { runId: RUN_REVENUE_1, job: 'daily_revenue', inputs: [ORDERS_CLEAN], outputs: [REVENUE] };
  const revenue2 = {
    runId: RUN_REVENUE_2,
    job: 'daily_revenue',
    inputs: [ORDERS_CLEAN, CUSTOMERS],
    outputs: [REVENUE],
  };
  const failedLoad = { ...load, runId: RUN_LOAD_FAILED };
  return [
    runEvent({ eventType: 'START', eventTime: day1, ...load }),
    runEvent({ eventType: 'COMPLETE', eventTime: later(day1), ...load }),
    runEvent({ eventType: 'START', eventTime: day2, ...revenue1, sql: 'SELECT day, sum(amount) FROM orders_clean' }),
    runEvent({
      eventType: 'COMPLETE',
      eventTime: later(day2),
      ...revenue1,
      sql: 'SELECT day, sum(amount) FROM orders_clean',
    }),
    runEvent({ eventType: 'START', eventTime: day3, ...revenue2, sql: 'SELECT ... JOIN customers' }),
    runEvent({ eventType: 'COMPLETE', eventTime: later(day3), ...revenue2, sql: 'SELECT ... JOIN customers' }),
    runEvent({ eventType: 'START', eventTime: later(later(day3)), ...failedLoad }),
    runEvent({ eventType: 'FAIL', eventTime: later(later(later(day3))), ...failedLoad }),
  ];
}

/** Posts the pipeline's events as one batch and fails loudly if any was not accepted. */
export async function seedPipeline(app: FastifyInstance): Promise<void> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/lineage', payload: pipelineEvents() });
  const body = response.json();
  if (response.statusCode !== 200 || body.summary.accepted !== 8) {
    throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
  }
}

export const enc = encodeURIComponent;
