import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFeastRegistry } from '../../src/ingest/ml/import-feast.js';
import { importMlflowSnapshot } from '../../src/ingest/ml/import-mlflow.js';
import { fetchMlflowSnapshot } from '../../src/ingest/ml/mlflow-client.js';
import { InputError } from '../../src/model/errors.js';
import { rootline, tempDir } from '../helpers/cli.js';
import { forEachEngine } from '../helpers/stores.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');

let server: Server;
let trackingUri = '';
const requests: string[] = [];

/** Serves the recorded MLflow answers like a tracking server: search pages by token, runs by id. */
beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${url.pathname}${url.search}`);
    let file: string | null = null;
    if (url.pathname === '/api/2.0/mlflow/registered-models/search') {
      file =
        url.searchParams.get('page_token') === 'page-2'
          ? 'registered-models-search-2.json'
          : 'registered-models-search-1.json';
    } else if (url.pathname === '/api/2.0/mlflow/model-versions/search') {
      const name = /^name='(.+)'$/.exec(url.searchParams.get('filter') ?? '')?.[1];
      file = `model-versions-search-${name}.json`;
    } else if (url.pathname === '/api/2.0/mlflow/runs/get') {
      file = `runs-get-${url.searchParams.get('run_id')}.json`;
    }
    try {
      const body = file ? fixture(`mlflow/${file}`) : null;
      if (!body) throw new Error('no route');
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'not found' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  trackingUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

forEachEngine('ML importers', (getStore) => {
  it('imports registered models, versions, params, metrics, git commit and training datasets from MLflow', async () => {
    const store = getStore();
    const snapshot = await fetchMlflowSnapshot(trackingUri);
    expect(snapshot.models.map((m) => m.model.name)).toEqual(['sklearn_wine', 'sklearn_wine_onnx']);
    const result = await importMlflowSnapshot(store, snapshot, { actor: 'test', namespace: 'mlflow://prod' });
    expect(result).toMatchObject({ status: 'accepted', models: 2, modelVersions: 3 });

    const v7 = await store.getNode('modelVersion:mlflow://prod:sklearn_wine:7');
    expect(v7?.attributes).toMatchObject({
      codeVersion: 'ca6a184102311faef11a778b2105d890f15d4462',
      params: { max_depth: '4', max_leaf_nodes: '32' },
      runId: '40b80c5f91bd445b8a93ebfa31d90e7c',
    });
    expect(v7?.attributes.metrics).toHaveProperty('rmse');
    const dataset =
      'dataset:https://raw.githubusercontent.com:/mlflow/mlflow/master/examples/sklearn_elasticnet_wine/wine-quality.csv';
    expect(result.datasets).toEqual([dataset]);
    const trained = await store.listEdges({ nodeId: 'modelVersion:mlflow://prod:sklearn_wine:7', direction: 'in' });
    expect(trained.find((e) => e.source === dataset)?.attributes).toEqual({ version: '217f4949', role: 'trainingSet' });
    expect(trained.filter((e) => e.attributes.role === 'feature').map((e) => e.source)).toContain(
      `datasetField:${dataset.slice('dataset:'.length)}:fixed acidity`,
    );
    expect((await store.getDatasetVersion(dataset, '217f4949'))?.fields.length).toBeGreaterThan(5);
    expect(await store.getNode('modelVersion:mlflow://prod:sklearn_wine_onnx:5')).not.toBeNull();
  });

  it('is a duplicate when the same MLflow state is imported again', async () => {
    const store = getStore();
    const snapshot = await fetchMlflowSnapshot(trackingUri);
    await importMlflowSnapshot(store, snapshot, { actor: 'test' });
    expect((await importMlflowSnapshot(store, snapshot, { actor: 'test' })).status).toBe('duplicate');
  });

  it('names the server in the error when MLflow cannot be reached or answers an error', async () => {
    await expect(fetchMlflowSnapshot('http://127.0.0.1:1')).rejects.toThrow(/cannot reach the MLflow tracking server/);
    await expect(fetchMlflowSnapshot(`${trackingUri}/nope`)).rejects.toBeInstanceOf(InputError);
  });

  it('imports a Feast registry dump: feature views from their sources, feature services from feature views', async () => {
    const store = getStore();
    const dump = JSON.parse(fixture('feast/registry-dump.json'));
    const result = await importFeastRegistry(store, dump, {
      actor: 'test',
      sourceNamespaces: { snowflake: 'snowflake://acme' },
    });
    expect(result).toMatchObject({ status: 'accepted', featureViews: 2, featureServices: 1, unmapped: [] });
    const fv = await store.getNode('dataset:feast://my_project:driver_hourly_stats');
    expect(fv).toMatchObject({ subtype: 'featureView', attributes: { entities: ['driver_id'] } });
    const conv = await store.listEdges({
      nodeId: 'datasetField:feast://my_project:driver_hourly_stats:conv_rate',
      direction: 'in',
    });
    expect(conv.map((e) => e.source)).toEqual(['datasetField:file:data/driver_stats.parquet:conv_rate']);
    const rating = await store.listEdges({
      nodeId: 'datasetField:feast://my_project:driver_ratings:avg_rating',
      direction: 'in',
    });
    expect(rating.map((e) => e.source)).toEqual([
      'datasetField:snowflake://acme:ANALYTICS.PUBLIC.DRIVER_RATINGS:avg_rating_raw',
    ]);
    const service = await store.listEdges({
      nodeId: 'datasetField:feast://my_project:driver_activity_v1:driver_ratings__avg_rating',
      direction: 'in',
    });
    expect(service.map((e) => e.source)).toEqual(['datasetField:feast://my_project:driver_ratings:avg_rating']);
    const down = await store.traverse({
      start: ['datasetField:snowflake://acme:ANALYTICS.PUBLIC.DRIVER_RATINGS:avg_rating_raw'],
      direction: 'downstream',
      depth: 5,
      level: 'column',
    });
    expect(down.nodes.map((n) => n.node.id)).toContain(
      'datasetField:feast://my_project:driver_activity_v1:driver_ratings__avg_rating',
    );
  });

  it('rejects a document that is not a registry dump, naming the field', async () => {
    const store = getStore();
    const error = await importFeastRegistry(
      store,
      { featureViews: [{ spec: { features: [] } }] },
      { actor: 'test' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]?.path).toBe('featureViews[0].spec.name');
  });
});

describe('rootline ingest mlflow and ingest feast', () => {
  it('imports from a tracking server and a registry dump into a database file', async () => {
    const { dir, cleanup } = tempDir('rootline-ml-import-');
    try {
      const db = join(dir, 'rootline.db');
      const mlflow = await rootline([
        'ingest',
        'mlflow',
        '--tracking-uri',
        trackingUri,
        '--db',
        db,
        '--namespace',
        'mlflow://prod',
      ]);
      expect(mlflow.code).toBe(0);
      expect(mlflow.stdout).toContain('imported: 2 models, 3 model versions, 1 training datasets');
      const again = await rootline(['ingest', 'mlflow', '--tracking-uri', trackingUri, '--db', db, '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ modelVersions: 3 });
      const feast = await rootline([
        'ingest',
        'feast',
        join(FIXTURES, 'feast/registry-dump.json'),
        '--db',
        db,
        '--source-namespace',
        'snowflake=snowflake://acme',
      ]);
      expect(feast.code).toBe(0);
      expect(feast.stdout).toContain('imported: 2 feature views, 1 feature services');
      const missing = await rootline(['ingest', 'mlflow', '--db', db]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--tracking-uri');
    } finally {
      cleanup();
    }
  });
});
