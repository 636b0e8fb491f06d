import { expect, it } from 'vitest';
import { applyManifest } from '../../src/ingest/ml/apply-manifest.js';
import { ingestPredictions, isConflictOnly } from '../../src/ingest/predictions/ingest-predictions.js';
import { InputError } from '../../src/model/errors.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { churnManifest, churnPrediction, DEPLOYMENT, MV3 } from './churn-manifest.js';

const MV4 = 'modelVersion:mlflow://prod:churn:4';

/** Model 3 served from Oct 3, model 4 from Oct 21. */
async function setUp(store: Store): Promise<void> {
  await applyManifest(store, churnManifest(), { actor: 'test', now: '2026-11-01T00:00:00.000Z' });
  const doc = churnManifest();
  doc.models[0]?.versions.push({
    version: '4',
    trainingSet: { namespace: 'feast://prod', name: 'churn_train', version: '3' },
    params: { max_depth: 8 },
    metrics: { auc: 0.8 },
    codeVersion: 'b',
    createdAt: '2026-10-20T00:00:00Z',
  });
  doc.deployments[0] = {
    namespace: 'serving://prod',
    name: 'churn-prod',
    modelVersion: MV4,
    from: '2026-10-21T00:00:00Z',
  };
  await applyManifest(store, doc, { actor: 'test', now: '2026-11-01T00:00:00.000Z' });
}

forEachEngine('prediction ingestion', (getStore) => {
  it('resolves the model version from the serving interval at the prediction time', async () => {
    const store = getStore();
    await setUp(store);
    const result = await ingestPredictions(store, store.predictions, [
      churnPrediction('p1', '2026-10-10T00:00:00Z'),
      churnPrediction('p2', '2026-10-25T00:00:00Z'),
    ]);
    expect(result).toMatchObject({ written: true, inserted: 2, duplicates: 0, rejected: 0, outcomes: [] });
    expect((await store.predictions.get('p1'))?.modelVersion).toBe(MV3);
    expect((await store.predictions.get('p2'))?.modelVersion).toBe(MV4);
  });

  it('accepts an explicit model version and a deployment given as NS:NAME', async () => {
    const store = getStore();
    await setUp(store);
    const result = await ingestPredictions(store, store.predictions, [
      churnPrediction('p1', '2026-10-25T00:00:00Z', { modelVersion: MV3, deployment: 'serving://prod:churn-prod' }),
    ]);
    expect(result.written).toBe(true);
    expect(await store.predictions.get('p1')).toMatchObject({ modelVersion: MV3, deployment: DEPLOYMENT });
  });

  it('rejects bad records with per-record errors and writes none of the batch', async () => {
    const store = getStore();
    await setUp(store);
    const result = await ingestPredictions(store, store.predictions, [
      churnPrediction('ok', '2026-10-10T00:00:00Z'),
      churnPrediction('no-deployment', '2026-10-10T00:00:00Z', { deployment: 'deployment:serving://prod:nope' }),
      churnPrediction('too-early', '2026-09-01T00:00:00Z'),
      churnPrediction('bad-feature', '2026-10-10T00:00:00Z', { features: { age: 1, income: 3 } }),
      { id: 'no-time', deployment: DEPLOYMENT, features: {} },
      churnPrediction('bad-time', 'yesterday'),
    ]);
    expect(result.written).toBe(false);
    expect(result.inserted).toBe(0);
    const byId = Object.fromEntries(result.outcomes.map((o) => [o.id, o]));
    expect(byId.ok?.status).toBe('skipped');
    expect(byId['no-deployment']?.errors[0]).toMatchObject({
      path: '[1].deployment',
      message: 'unknown deployment deployment:serving://prod:nope',
    });
    expect(byId['too-early']?.errors[0]?.path).toBe('[2].time');
    expect(byId['too-early']?.errors[0]?.message).toContain('served no model version at 2026-09-01T00:00:00.000Z');
    expect(byId['bad-feature']?.errors[0]).toMatchObject({ path: '[3].features.income' });
    expect(byId['no-time']?.errors[0]?.path).toBe('[4].time');
    expect(byId['bad-time']?.errors[0]?.path).toBe('[5].time');
    expect(await store.predictions.get('ok')).toBeNull();
  });

  it('is idempotent for identical re-sent predictions and reports a conflict for different ones', async () => {
    const store = getStore();
    await setUp(store);
    await ingestPredictions(store, store.predictions, [churnPrediction('p1', '2026-10-10T00:00:00Z')]);
    const again = await ingestPredictions(store, store.predictions, [churnPrediction('p1', '2026-10-10T00:00:00Z')]);
    expect(again).toMatchObject({ written: true, inserted: 0, duplicates: 1 });
    const changed = await ingestPredictions(store, store.predictions, [
      churnPrediction('p2', '2026-10-11T00:00:00Z'),
      churnPrediction('p1', '2026-10-10T00:00:00Z', { output: { churn: 0.99 } }),
    ]);
    expect(changed.written).toBe(false);
    expect(isConflictOnly(changed)).toBe(true);
    expect(changed.outcomes.find((o) => o.id === 'p1')?.errors[0]?.message).toBe(
      'prediction p1 is already logged with different content',
    );
    expect(await store.predictions.get('p2')).toBeNull();
  });

  it('refuses a batch larger than the limit before reading any record', async () => {
    const store = getStore();
    const records = Array.from({ length: 4 }, (_, i) => churnPrediction(`p${i}`, '2026-10-10T00:00:00Z'));
    await expect(ingestPredictions(store, store.predictions, records, { maxBatch: 3 })).rejects.toBeInstanceOf(
      InputError,
    );
  });
});
