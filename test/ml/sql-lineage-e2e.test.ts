import { expect, it } from 'vitest';
import { findLeakage, findLeakageWarnings } from '../../src/analysis/leakage.js';
import { tracePrediction } from '../../src/analysis/trace.js';
import { ingestDbt } from '../../src/ingest/dbt/ingest-dbt.js';
import { applyManifest } from '../../src/ingest/ml/apply-manifest.js';
import { ingestPredictions } from '../../src/ingest/predictions/ingest-predictions.js';
import { loadDbtProject } from '../helpers/dbt-fixtures.js';
import { forEachEngine } from '../helpers/stores.js';

const WH = 'postgres://warehouse:5432';
const col = (table: string, field: string) => `datasetField:${WH}:postgres.public.${table}:${field}`;
const TS = 'dataset:feast://shop:ltv_train';

/** jaffle_shop's customers mart as a feature view; v2 of the training set adds first_order, which reads the label's source. */
const manifest = {
  featureViews: [
    {
      namespace: 'feast://shop',
      name: 'customer_fv',
      entities: ['customer_id'],
      source: `dataset:${WH}:postgres.public.customers`,
      features: [{ name: 'number_of_orders' }, { name: 'customer_lifetime_value' }, { name: 'first_order' }],
    },
  ],
  trainingSets: [
    {
      namespace: 'feast://shop',
      name: 'ltv_train',
      version: '1',
      createdAt: '2026-10-01T00:00:00Z',
      features: ['customer_fv:number_of_orders', 'customer_fv:customer_lifetime_value'],
      label: col('customers', 'most_recent_order'),
    },
    {
      namespace: 'feast://shop',
      name: 'ltv_train',
      version: '2',
      createdAt: '2026-10-02T00:00:00Z',
      features: ['customer_fv:number_of_orders', 'customer_fv:first_order'],
      label: col('customers', 'most_recent_order'),
    },
  ],
  models: [
    {
      namespace: 'mlflow://shop',
      name: 'repeat',
      versions: [
        {
          version: '1',
          trainingSet: { namespace: 'feast://shop', name: 'ltv_train', version: '1' },
          createdAt: '2026-10-01T06:00:00Z',
        },
      ],
    },
  ],
  deployments: [
    {
      namespace: 'serving://shop',
      name: 'repeat',
      modelVersion: 'modelVersion:mlflow://shop:repeat:1',
      from: '2026-10-02T00:00:00Z',
    },
  ],
};

forEachEngine('ML over SQL-derived lineage (dbt jaffle_shop)', (getStore) => {
  it('traces a prediction through the SQL the dbt models compiled to, and finds the planted leak', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('postgres'), { namespace: WH });
    const applied = await applyManifest(store, manifest, {
      actor: 'test',
      now: '2026-11-01T00:00:00.000Z',
      check: (sets) => findLeakageWarnings(store, sets),
    });
    expect(applied.warnings.map((w) => w.path)).toEqual(['trainingSets[1]']);

    const logged = await ingestPredictions(store, store.predictions, [
      {
        id: 'r-1',
        deployment: 'deployment:serving://shop:repeat',
        time: '2026-10-03T00:00:00Z',
        features: { number_of_orders: 3, customer_lifetime_value: 99.5 },
        output: { repeat: true },
      },
    ]);
    expect(logged.written).toBe(true);
    const prediction = await store.predictions.get('r-1');
    if (!prediction) throw new Error('prediction not logged');
    const trace = await tracePrediction(store, prediction);
    expect(trace.sources).toEqual([col('raw_orders', 'id'), col('raw_payments', 'amount')]);
    const ltv = trace.features.find((f) => f.name === 'customer_lifetime_value');
    expect(ltv?.paths).toEqual([
      [
        'datasetField:feast://shop:ltv_train:customer_lifetime_value',
        'datasetField:feast://shop:customer_fv:customer_lifetime_value',
        col('customers', 'customer_lifetime_value'),
        col('stg_payments', 'amount'),
        col('raw_payments', 'amount'),
      ],
    ]);

    expect((await findLeakage(store, TS, '1')).findings).toEqual([]);
    const leak = await findLeakage(store, TS, '2');
    expect(leak.findings.map((f) => [f.feature, f.shared])).toEqual([
      ['datasetField:feast://shop:ltv_train:first_order', [col('raw_orders', 'order_date')]],
    ]);
  });
});
