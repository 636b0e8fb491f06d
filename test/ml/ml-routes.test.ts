import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { churnManifest, churnPrediction, DEPLOYMENT, MV3, TS } from './churn-manifest.js';
import { col, writeChurnWarehouse } from './warehouse-lineage.js';

let store: SqliteStore;
let app: FastifyInstance;

beforeEach(async () => {
  store = SqliteStore.open({ path: ':memory:' });
  app = await createApp({ store });
  await writeChurnWarehouse(store);
});

afterEach(async () => {
  await app.close();
  await store.close();
});

async function applyChurn(): Promise<void> {
  const response = await app.inject({ method: 'POST', url: '/api/v2/apply', payload: churnManifest() });
  expect(response.statusCode).toBe(200);
}

describe('POST /api/v2/apply', () => {
  it('applies a JSON manifest and reports counts', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v2/apply', payload: churnManifest() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'accepted',
      counts: { featureViews: 1, modelVersions: 1 },
      warnings: [],
    });
  });

  it('applies a YAML manifest', async () => {
    const yaml =
      'featureViews:\n  - namespace: feast://prod\n    name: fv\n    source: dataset:snowflake://acme:crm.customers\n    features:\n      - name: birth_date\n';
    const response = await app.inject({
      method: 'POST',
      url: '/api/v2/apply',
      headers: { 'content-type': 'application/yaml' },
      payload: yaml,
    });
    expect(response.statusCode).toBe(200);
    expect((await store.getNode('dataset:feast://prod:fv'))?.subtype).toBe('featureView');
  });

  it('answers 400 naming the document path, and 409 for a changed immutable version', async () => {
    const bad = churnManifest();
    bad.trainingSets[0]?.features.push('customer_fv2:age');
    const invalid = await app.inject({ method: 'POST', url: '/api/v2/apply', payload: bad });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('trainingSets[0].features[2]: unknown feature view customer_fv2');

    await applyChurn();
    const changed = churnManifest();
    changed.trainingSets[0]?.features.pop();
    const conflict = await app.inject({ method: 'POST', url: '/api/v2/apply', payload: changed });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.path).toBe('trainingSets[0]');
  });
});

describe('predictions', () => {
  it('logs an NDJSON batch and traces a prediction with the JSON of the trace contract', async () => {
    await applyChurn();
    const body = [churnPrediction('p1'), churnPrediction('p2', '2026-10-05T00:00:00Z')]
      .map((p) => JSON.stringify(p))
      .join('\n');
    const logged = await app.inject({
      method: 'POST',
      url: '/api/v2/predictions',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(logged.statusCode).toBe(200);
    expect(logged.json()).toMatchObject({ written: true, inserted: 2 });

    const list = await app.inject({
      method: 'GET',
      url: `/api/v2/predictions?deployment=${encodeURIComponent(DEPLOYMENT)}&limit=1`,
    });
    expect(list.json()).toMatchObject({ total: 2, items: [{ id: 'p2', modelVersion: MV3 }] });

    const trace = await app.inject({ method: 'GET', url: '/api/v2/predictions/p1/trace' });
    expect(trace.statusCode).toBe(200);
    const json = trace.json();
    expect(Object.keys(json).sort()).toEqual(
      ['deployment', 'features', 'modelVersion', 'prediction', 'sources', 'time', 'trainingSet'].sort(),
    );
    expect(json).toMatchObject({
      prediction: 'p1',
      time: '2026-10-04T12:00:00.000Z',
      deployment: DEPLOYMENT,
      modelVersion: MV3,
      trainingSet: { id: TS, version: '3' },
      sources: [col('crm.customers', 'birth_date'), col('crm.customers', 'signup_date')],
    });
    expect(Object.keys(json.features[0]).sort()).toEqual(['id', 'name', 'paths', 'sources', 'value']);
  });

  it('answers 400 with an outcome per bad record, 409 for a changed id, and keeps serving', async () => {
    await applyChurn();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v2/predictions',
      payload: [
        churnPrediction('ok'),
        churnPrediction('x', '2026-10-04T12:00:00Z', { deployment: 'deployment:serving://prod:nope' }),
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      written: false,
      rejected: 1,
      error: { name: 'InputError', path: '[1].deployment' },
    });
    expect((await app.inject({ method: 'GET', url: '/api/v2/predictions/ok' })).statusCode).toBe(404);

    await app.inject({ method: 'POST', url: '/api/v2/predictions', payload: [churnPrediction('ok')] });
    const again = await app.inject({ method: 'POST', url: '/api/v2/predictions', payload: [churnPrediction('ok')] });
    expect(again.json()).toMatchObject({ written: true, duplicates: 1 });
    const conflict = await app.inject({
      method: 'POST',
      url: '/api/v2/predictions',
      payload: [churnPrediction('ok', '2026-10-04T12:00:00Z', { output: { churn: 0.5 } })],
    });
    expect(conflict.statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('refuses a batch of more than 10,000 predictions', async () => {
    const payload = Array.from({ length: 10_001 }, (_, i) => ({ id: `p${i}` }));
    const response = await app.inject({ method: 'POST', url: '/api/v2/predictions', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('at most 10000');
  });

  it('answers 404 for the trace of an unknown prediction', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v2/predictions/nope/trace' })).statusCode).toBe(404);
  });
});

describe('leakage and reproduce', () => {
  it('answers the leakage report and the reproduction recipe', async () => {
    await applyChurn();
    const leakage = await app.inject({
      method: 'GET',
      url: `/api/v2/leakage?trainingSet=${encodeURIComponent(TS)}&version=3`,
    });
    expect(leakage.statusCode).toBe(200);
    expect(leakage.json()).toEqual({ trainingSet: TS, version: '3', findings: [] });
    const missing = await app.inject({
      method: 'GET',
      url: `/api/v2/leakage?trainingSet=${encodeURIComponent(TS)}&version=9`,
    });
    expect(missing.statusCode).toBe(404);
    const newest = await app.inject({ method: 'GET', url: `/api/v2/leakage?trainingSet=${encodeURIComponent(TS)}` });
    expect(newest.json()).toMatchObject({ trainingSet: TS, version: '3' });
    const short = await app.inject({
      method: 'GET',
      url: '/api/v2/leakage?trainingSet=feast://prod:churn_train&version=3',
    });
    expect(short.json().trainingSet).toBe(TS);
    const wrongKind = await app.inject({ method: 'GET', url: '/api/v2/leakage?trainingSet=job:a:b&version=3' });
    expect(wrongKind.statusCode).toBe(400);
    const recipe = await app.inject({
      method: 'GET',
      url: `/api/v2/reproduce?modelVersion=${encodeURIComponent(MV3)}`,
    });
    expect(recipe.statusCode).toBe(200);
    expect(recipe.json()).toMatchObject({ modelVersion: MV3, codeVersion: '9f2c1ab' });
  });
});
