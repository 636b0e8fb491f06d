import { expect, it } from 'vitest';
import { applyManifest } from '../../src/ingest/ml/apply-manifest.js';
import { readManifestText } from '../../src/ingest/ml/parse-manifest.js';
import { ConflictError, InputError } from '../../src/model/errors.js';
import { readTrainingSetFacet } from '../../src/model/ml-records.js';
import { forEachEngine } from '../helpers/stores.js';
import { churnManifest, DEPLOYMENT, edgesOf, FV, MV3, TS } from './churn-manifest.js';

const NOW = '2026-11-01T00:00:00.000Z';
const apply = (store: Parameters<typeof applyManifest>[0], doc: unknown, now = NOW) =>
  applyManifest(store, doc, { actor: 'test', now });

forEachEngine('ML manifest', (getStore) => {
  it('records feature views, training-set versions, model versions and deployments with their edges', async () => {
    const store = getStore();
    const result = await apply(store, churnManifest());
    expect(result.status).toBe('accepted');

    const fv = await store.getNode(FV);
    expect(fv?.subtype).toBe('featureView');
    expect(fv?.owners.map((o) => o.name)).toEqual(['risk-ml@acme.example']);
    const tenure = await store.listEdges({
      nodeId: `datasetField:feast://prod:customer_fv:tenure_days`,
      direction: 'in',
    });
    expect(tenure).toHaveLength(1);
    expect(tenure[0]).toMatchObject({
      kind: 'DERIVES',
      source: 'datasetField:snowflake://acme:analytics.customer_features:tenure',
      origin: 'ml',
      transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
    });

    expect((await store.getNode(TS))?.subtype).toBe('trainingSet');
    const version = await store.getDatasetVersion(TS, '3');
    const facet = readTrainingSetFacet(version?.facets ?? {});
    expect(facet?.features.map((f) => f.source)).toEqual([
      'datasetField:feast://prod:customer_fv:age',
      'datasetField:feast://prod:customer_fv:tenure_days',
    ]);
    expect(facet?.label?.source).toBe('datasetField:snowflake://acme:analytics.labels:churned');

    const mv = await store.getNode(MV3);
    expect(mv?.attributes).toMatchObject({ params: { max_depth: 6 }, metrics: { auc: 0.81 }, codeVersion: '9f2c1ab' });
    const trained = await store.listEdges({ nodeId: MV3, direction: 'in', kinds: ['TRAINED_ON'] });
    expect(trained.map((e) => [e.source, e.attributes.role]).sort()).toEqual([
      [TS, 'trainingSet'],
      ['datasetField:feast://prod:churn_train:age', 'feature'],
      ['datasetField:feast://prod:churn_train:churned', 'label'],
      ['datasetField:feast://prod:churn_train:tenure_days', 'feature'],
    ]);
    expect(trained.every((e) => e.attributes.version === '3')).toBe(true);

    const serves = await store.listEdges({ nodeId: DEPLOYMENT, direction: 'in', kinds: ['SERVES'] });
    expect(serves).toMatchObject([{ source: MV3, validFrom: '2026-10-03T00:00:00.000Z', validTo: null }]);
  });

  it('opens feature-view edges no later than the first training set that uses them', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    const asOfTraining = await store.listEdges({
      nodeId: 'datasetField:feast://prod:customer_fv:age',
      direction: 'in',
      asOf: '2026-10-02T00:00:00.000Z',
    });
    expect(asOfTraining).toHaveLength(1);
  });

  it('changes nothing when the same document is applied again', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    const before = await Promise.all([FV, TS, MV3, DEPLOYMENT].map((id) => edgesOf(store, id, true)));
    const again = await apply(store, churnManifest(), '2026-11-05T00:00:00.000Z');
    expect(again).toMatchObject({ status: 'unchanged', seq: null });
    expect((await store.listEvents({})).total).toBe(1);
    const after = await Promise.all([FV, TS, MV3, DEPLOYMENT].map((id) => edgesOf(store, id, true)));
    expect(after).toEqual(before);
    expect((await store.listDatasetVersions(TS)).total).toBe(1);
  });

  it('rejects a training-set version relisted with other content and stores nothing of that document', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    const doc = churnManifest();
    doc.trainingSets[0]?.features.pop();
    doc.deployments[0] = { ...doc.deployments[0], name: 'churn-canary' } as (typeof doc.deployments)[0];
    const error = await apply(store, doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).path).toBe('trainingSets[0]');
    expect(await store.getNode('deployment:serving://prod:churn-canary')).toBeNull();
  });

  it('rejects a model version relisted with other metrics', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    const doc = churnManifest();
    const version = doc.models[0]?.versions[0];
    if (version) version.metrics = { auc: 0.99 };
    await expect(apply(store, doc)).rejects.toThrow(
      /models\[0\]\.versions\[0\]: model version modelVersion:mlflow:\/\/prod:churn:3 is already recorded/,
    );
  });

  it('names the document path of an unknown feature view and stores nothing', async () => {
    const store = getStore();
    const doc = churnManifest();
    doc.trainingSets[0]?.features.push('customer_fv2:age');
    const error = await apply(store, doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('trainingSets[0].features[2]: unknown feature view customer_fv2');
    expect((error as InputError).issues[0]?.path).toBe('trainingSets[0].features[2]');
    expect(await store.getNode(FV)).toBeNull();
    expect((await store.listEvents({})).total).toBe(0);
  });

  it('reports every bad reference with its path', async () => {
    const store = getStore();
    const doc = churnManifest();
    doc.trainingSets[0]?.features.push('customer_fv:income');
    const model = doc.models[0]?.versions[0];
    if (model) model.trainingSet.version = '9';
    doc.deployments[0] = {
      ...doc.deployments[0],
      modelVersion: 'modelVersion:mlflow://prod:churn:7',
    } as (typeof doc.deployments)[0];
    const error = (await apply(store, doc).catch((e: unknown) => e)) as InputError;
    expect(error.issues.map((i) => i.path)).toEqual([
      'trainingSets[0].features[2]',
      'models[0].versions[0].trainingSet',
      'deployments[0].modelVersion',
    ]);
    expect(error.issues[0]?.message).toBe('unknown feature income in feature view customer_fv');
  });

  it('rejects a document that does not match the schema, naming the field', async () => {
    const store = getStore();
    const error = (await apply(store, { featureViews: [{ namespace: 'n', name: 'f', source: 'dataset:n:s' }] }).catch(
      (e: unknown) => e,
    )) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.issues[0]?.path).toBe('featureViews[0].features');
  });

  it('closes the edge of a feature a later document drops, keeping its history', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    const doc = churnManifest();
    doc.featureViews[0]?.features.pop();
    doc.trainingSets = [];
    doc.models = [];
    doc.deployments = [];
    await apply(store, doc, '2026-11-10T00:00:00.000Z');
    const field = 'datasetField:feast://prod:customer_fv:tenure_days';
    expect(await store.listEdges({ nodeId: field, direction: 'in' })).toEqual([]);
    const history = await store.listEdges({ nodeId: field, direction: 'in', includeClosed: true });
    expect(history).toMatchObject([{ validTo: '2026-11-10T00:00:00.000Z' }]);
    expect(await store.listEdges({ nodeId: field, direction: 'in', asOf: '2026-11-01T00:00:00.000Z' })).toHaveLength(1);
    expect((await store.getDatasetVersion(TS, '3'))?.version).toBe('3');
    expect(await store.getNode(MV3)).not.toBeNull();
  });

  it('switches a deployment to another model version by closing the old SERVES edge', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    const doc = churnManifest();
    doc.models[0]?.versions.push({
      version: '4',
      trainingSet: { namespace: 'feast://prod', name: 'churn_train', version: '3' },
      params: { max_depth: 8 },
      metrics: { auc: 0.83 },
      codeVersion: 'a1b2c3d',
      createdAt: '2026-10-20T00:00:00Z',
    });
    doc.deployments[0] = {
      ...doc.deployments[0],
      modelVersion: 'modelVersion:mlflow://prod:churn:4',
      from: '2026-10-21T00:00:00Z',
    } as (typeof doc.deployments)[0];
    await apply(store, doc);
    const serves = await store.listEdges({
      nodeId: DEPLOYMENT,
      direction: 'in',
      kinds: ['SERVES'],
      includeClosed: true,
    });
    const byVersion = Object.fromEntries(serves.map((e) => [e.source, e.validTo]));
    expect(byVersion).toEqual({ [MV3]: '2026-10-21T00:00:00.000Z', 'modelVersion:mlflow://prod:churn:4': null });
  });

  it('retires a deployment at `to`: the SERVES edge closes then, and a later `from` deploys it again', async () => {
    const store = getStore();
    const retired = churnManifest();
    retired.deployments[0] = {
      ...retired.deployments[0],
      to: '2026-10-25T00:00:00Z',
    } as (typeof retired.deployments)[0];
    expect((await apply(store, retired)).status).toBe('accepted');
    const serves = () =>
      store.listEdges({ nodeId: DEPLOYMENT, direction: 'in', kinds: ['SERVES'], includeClosed: true });
    expect((await serves()).map((e) => [e.source, e.validFrom, e.validTo])).toEqual([
      [MV3, '2026-10-03T00:00:00.000Z', '2026-10-25T00:00:00.000Z'],
    ]);
    expect((await store.getNode(DEPLOYMENT))?.deletedAt).toBe('2026-10-25T00:00:00.000Z');
    expect(await apply(store, retired, '2026-11-06T00:00:00.000Z')).toMatchObject({ status: 'unchanged' });

    const again = churnManifest();
    again.deployments[0] = { ...again.deployments[0], from: '2026-11-02T00:00:00Z' } as (typeof again.deployments)[0];
    await apply(store, again);
    expect((await serves()).map((e) => [e.validFrom, e.validTo])).toEqual([
      ['2026-10-03T00:00:00.000Z', '2026-10-25T00:00:00.000Z'],
      ['2026-11-02T00:00:00.000Z', null],
    ]);
    expect((await store.getNode(DEPLOYMENT))?.deletedAt).toBeNull();
  });

  it('refuses a retirement that is not after the deployment started, naming the field', async () => {
    const store = getStore();
    const doc = churnManifest();
    doc.deployments[0] = { ...doc.deployments[0], to: '2026-10-02T00:00:00Z' } as (typeof doc.deployments)[0];
    const error = await apply(store, doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => i.path)).toContain('deployments[0].to');
    expect((await store.listEvents({})).total).toBe(0);
  });

  it('records a synthetic dataset with its generator, seed and metrics', async () => {
    const store = getStore();
    await apply(store, churnManifest());
    await apply(store, {
      datasets: [
        {
          namespace: 'synthetic://lab',
          name: 'customers_synth',
          synthetic: {
            generator: MV3,
            seed: 'dataset:snowflake://acme:analytics.customer_features',
            metrics: { wasserstein: 0.04, mmd: 0.01 },
          },
        },
      ],
    });
    const node = await store.getNode('dataset:synthetic://lab:customers_synth');
    expect(node?.attributes.synthetic).toEqual({
      generator: MV3,
      seed: 'dataset:snowflake://acme:analytics.customer_features',
      metrics: { wasserstein: 0.04, mmd: 0.01 },
    });
    const up = await store.traverse({ start: [node?.id ?? ''], direction: 'upstream', depth: 2, level: 'dataset' });
    expect(up.nodes.map((n) => n.node.id)).toContain('dataset:snowflake://acme:analytics.customer_features');
  });

  it('reads the same document from YAML', async () => {
    const store = getStore();
    const yaml = `
featureViews:
  - namespace: feast://prod
    name: customer_fv
    entities: [customer_id]
    source: dataset:snowflake://acme:analytics.customer_features
    features:
      - name: age
      - name: tenure_days
        column: tenure
`;
    await apply(store, readManifestText(yaml));
    expect((await store.listFields(FV)).map((f) => f.attributes.field)).toEqual(['age', 'tenure_days']);
  });
});
