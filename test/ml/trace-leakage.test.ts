import { expect, it } from 'vitest';
import { findLeakage, findLeakageWarnings } from '../../src/analysis/leakage.js';
import { reproduceModelVersion } from '../../src/analysis/reproduce.js';
import { formatTrace, tracePrediction } from '../../src/analysis/trace.js';
import { applyManifest } from '../../src/ingest/ml/apply-manifest.js';
import { NotFoundError } from '../../src/model/errors.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { churnManifest, DEPLOYMENT, MV3, TS } from './churn-manifest.js';
import { col, DIRECT, writeChurnWarehouse, writeColumnLineage } from './warehouse-lineage.js';

/** The churn manifest with all four customer features, and a leaking version 4 of the training set. */
function fullManifest() {
  const doc = churnManifest();
  const fv = doc.featureViews[0];
  if (fv) fv.features.push({ name: 'late_payments' }, { name: 'days_since_cancel' });
  const v3 = doc.trainingSets[0];
  if (v3) v3.features.push('customer_fv:late_payments');
  doc.trainingSets.push({
    namespace: 'feast://prod',
    name: 'churn_train',
    version: '4',
    createdAt: '2026-10-05T00:00:00Z',
    features: ['customer_fv:age', 'customer_fv:days_since_cancel'],
    label: 'datasetField:snowflake://acme:analytics.labels:churned',
  });
  return doc;
}

async function setUp(store: Store) {
  await writeChurnWarehouse(store);
  return applyManifest(store, fullManifest(), {
    actor: 'test',
    now: '2026-11-01T00:00:00.000Z',
    check: (sets) => findLeakageWarnings(store, sets),
  });
}

const prediction = (time: string) => ({
  id: 'p-1',
  deployment: DEPLOYMENT,
  modelVersion: MV3,
  time,
  features: { age: 41, tenure_days: 730, late_payments: 2 },
  output: { churn: 0.12 },
});

forEachEngine('ML trace, leakage and reproduce', (getStore) => {
  it('traces a prediction to the raw source columns through DIRECT edges only', async () => {
    const store = getStore();
    await setUp(store);
    const trace = await tracePrediction(store, prediction('2026-10-04T12:00:00.000Z'));
    expect(trace).toMatchObject({
      prediction: 'p-1',
      deployment: DEPLOYMENT,
      modelVersion: MV3,
      trainingSet: { id: TS, version: '3' },
    });
    const byName = Object.fromEntries(trace.features.map((f) => [f.name, f]));
    expect(byName.age).toEqual({
      id: 'datasetField:feast://prod:churn_train:age',
      name: 'age',
      value: 41,
      sources: [col('crm.customers', 'birth_date')],
      paths: [
        [
          'datasetField:feast://prod:churn_train:age',
          'datasetField:feast://prod:customer_fv:age',
          col('analytics.customer_features', 'age'),
          col('crm.customers', 'birth_date'),
        ],
      ],
    });
    expect(byName.late_payments?.sources).toEqual([col('payments.invoices', 'amount')]);
    expect(trace.sources).toEqual([
      col('crm.customers', 'birth_date'),
      col('crm.customers', 'signup_date'),
      col('payments.invoices', 'amount'),
    ]);
    expect(formatTrace(trace)).toContain('raw sources (3)');
  });

  it('answers as of the prediction time, not after a later pipeline change', async () => {
    const store = getStore();
    await setUp(store);
    await writeColumnLineage(
      store,
      'build_customer_features',
      'dataset:snowflake://acme:analytics.customer_features',
      '2026-10-10T00:00:00.000Z',
      [
        [col('crm.customers', 'dob_v2'), col('analytics.customer_features', 'age'), DIRECT],
        [col('crm.customers', 'signup_date'), col('analytics.customer_features', 'tenure'), DIRECT],
      ],
    );
    const before = await tracePrediction(store, prediction('2026-10-04T12:00:00.000Z'));
    const after = await tracePrediction(store, prediction('2026-10-12T12:00:00.000Z'));
    expect(before.features.find((f) => f.name === 'age')?.sources).toEqual([col('crm.customers', 'birth_date')]);
    expect(after.features.find((f) => f.name === 'age')?.sources).toEqual([col('crm.customers', 'dob_v2')]);
  });

  it('finds no leakage in a clean training set: entity keys joined on both sides do not count', async () => {
    const store = getStore();
    await setUp(store);
    expect(await findLeakage(store, TS, '3')).toEqual({ trainingSet: TS, version: '3', findings: [] });
  });

  it('flags a feature that shares a source column with the label through a CONDITIONAL edge', async () => {
    const store = getStore();
    const applied = await setUp(store);
    const report = await findLeakage(store, TS, '4');
    expect(report.findings).toEqual([
      {
        feature: 'datasetField:feast://prod:churn_train:days_since_cancel',
        label: 'datasetField:feast://prod:churn_train:churned',
        shared: [col('crm.cancellations', 'cancelled_at')],
        featurePath: [
          'datasetField:feast://prod:churn_train:days_since_cancel',
          'datasetField:feast://prod:customer_fv:days_since_cancel',
          col('analytics.customer_features', 'days_since_cancel'),
          col('crm.cancellations', 'cancelled_at'),
        ],
        labelPath: [
          'datasetField:feast://prod:churn_train:churned',
          col('analytics.labels', 'churned'),
          col('crm.cancellations', 'cancelled_at'),
        ],
      },
    ]);
    expect(applied.warnings).toHaveLength(1);
    expect(applied.warnings[0]?.path).toBe('trainingSets[1]');
  });

  it('flags a feature that is the label column itself', async () => {
    const store = getStore();
    await setUp(store);
    await applyManifest(
      store,
      {
        trainingSets: [
          {
            namespace: 'feast://prod',
            name: 'churn_train',
            version: '5',
            createdAt: '2026-10-06T00:00:00Z',
            features: ['customer_fv:age', 'datasetField:snowflake://acme:analytics.labels:churned'],
            label: 'datasetField:snowflake://acme:analytics.labels:churned',
          },
        ],
      },
      { actor: 'test', now: '2026-11-01T00:00:00.000Z' },
    );
    const report = await findLeakage(store, TS, '5');
    expect(report.findings.map((f) => [f.feature, f.label, f.shared])).toEqual([
      [
        'datasetField:feast://prod:churn_train:churned',
        'datasetField:feast://prod:churn_train:churned__label',
        [col('crm.cancellations', 'cancelled_at')],
      ],
    ]);
  });

  it('says a training-set version is not found', async () => {
    const store = getStore();
    await expect(findLeakage(store, TS, '99')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists what produced a model version as of its training time', async () => {
    const store = getStore();
    await setUp(store);
    const recipe = await reproduceModelVersion(store, MV3);
    expect(recipe).toMatchObject({
      modelVersion: MV3,
      codeVersion: '9f2c1ab',
      params: { max_depth: 6 },
      trainingSet: { id: TS, version: '3' },
    });
    expect(recipe.features.map((f) => f.name)).toEqual(['age', 'tenure_days', 'late_payments']);
    expect(recipe.datasets.map((d) => d.id)).toEqual(
      expect.arrayContaining([
        'dataset:feast://prod:customer_fv',
        'dataset:snowflake://acme:analytics.customer_features',
        'dataset:snowflake://acme:crm.customers',
        'dataset:snowflake://acme:analytics.labels',
      ]),
    );
    const sqlJob = recipe.jobs.find((j) => j.id === 'job:snowflake://acme:build_customer_features');
    expect(sqlJob?.sql).toContain('build_customer_features');
  });

  it('lets downstream traversal from a raw column reach feature-view fields, training sets, model versions and deployments', async () => {
    const store = getStore();
    await setUp(store);
    const down = await store.traverse({
      start: [col('crm.customers', 'birth_date')],
      direction: 'downstream',
      depth: 10,
      level: 'column',
    });
    const ids = down.nodes.map((n) => n.node.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'datasetField:feast://prod:customer_fv:age',
        'datasetField:feast://prod:churn_train:age',
        MV3,
        DEPLOYMENT,
      ]),
    );
    const tables = await store.traverse({
      start: ['dataset:snowflake://acme:crm.customers'],
      direction: 'downstream',
      depth: 12,
      level: 'dataset',
    });
    expect(tables.nodes.map((n) => n.node.id)).toEqual(
      expect.arrayContaining(['dataset:feast://prod:customer_fv', TS, MV3, DEPLOYMENT]),
    );
    const trainedOn = tables.edges.find((e) => e.kind === 'TRAINED_ON' && e.source === TS);
    expect(trainedOn?.attributes).toEqual({ version: '3', role: 'trainingSet' });
  });
});
