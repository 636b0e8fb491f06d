import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLeakage } from '../../src/analysis/leakage.js';
import { tracePrediction } from '../../src/analysis/trace.js';
import { createLocalMlBackend } from '../../src/cli/ml-backend.js';
import { createMlDemoSink } from '../../src/cli/ml-demo-sink.js';
import { loadDemo } from '../../src/demo/load-demo.js';
import { CHURN_DEPLOYMENT, CHURN_TRAINING_SET, DEMO_PREDICTIONS } from '../../src/demo/steps/churn-model.js';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const NOW = new Date('2026-10-10T12:00:00.000Z');

describe('the churn demo', () => {
  let store: SqliteStore;

  beforeEach(async () => {
    store = SqliteStore.open({ path: ':memory:' });
    const reports = await loadDemo(
      {
        openLineage: (events) => ingestOpenLineage(store, events, { strict: false, actor: null }),
        ...createMlDemoSink(createLocalMlBackend(store, 'memory')),
      },
      { now: NOW },
    );
    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    expect(reports.find((r) => r.step === 'churn model')?.accepted).toBe(1 + 2 + DEMO_PREDICTIONS);
  });
  afterEach(async () => store.close());

  it('plants a label leak in training set v2 and none in v1', async () => {
    expect((await findLeakage(store, CHURN_TRAINING_SET, '1')).findings).toEqual([]);
    const leaky = await findLeakage(store, CHURN_TRAINING_SET, '2');
    expect(leaky.findings.map((f) => f.feature)).toEqual([
      'datasetField:feast://acme:churn_train:days_since_last_active',
    ]);
    expect(leaky.findings[0]?.shared.length).toBeGreaterThan(0);
  });

  it('serves model v1 then v2 and traces the last prediction to raw source columns', async () => {
    const page = await store.predictions.list({ deployment: CHURN_DEPLOYMENT, limit: 1 });
    expect(page.total).toBe(DEMO_PREDICTIONS);
    const last = page.items[0];
    expect(last?.modelVersion).toBe('modelVersion:mlflow://mlflow.acme.internal:5000:churn:2');
    if (!last) return;
    const trace = await tracePrediction(store, last);
    expect(trace.trainingSet).toEqual({ id: CHURN_TRAINING_SET, version: '2' });
    expect(trace.sources.length).toBeGreaterThan(3);
    expect(trace.sources.some((s) => s.includes('kafka://') || s.includes('analytics.raw.'))).toBe(true);
  });
});
