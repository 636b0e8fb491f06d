import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  DB,
  ETL,
  enc,
  RUN_LOAD,
  RUN_LOAD_FAILED,
  RUN_REVENUE_2,
  seedPipeline,
  type TestServer,
} from './test-server.js';

describe('Marquez-compatible reads under /api/v1', () => {
  let server: TestServer;
  const get = (url: string) => server.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    server = await createTestServer();
    await seedPipeline(server.app);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists namespaces in the NamespaceList shape, including URI namespaces', async () => {
    const response = await get('/api/v1/namespaces');
    expect(response.statusCode).toBe(200);
    const names = response.json().namespaces.map((namespace: { name: string }) => namespace.name);
    expect(names).toEqual(expect.arrayContaining([DB, ETL]));
    expect(response.json().namespaces[0]).toMatchObject({
      name: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      ownerName: expect.any(String),
    });
  });

  it('reads one namespace given URL-encoded in the path', async () => {
    const response = await get(`/api/v1/namespaces/${enc(DB)}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe(DB);
  });

  it('answers an unknown namespace with 404 naming it', async () => {
    const response = await get('/api/v1/namespaces/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ name: 'NotFoundError', message: expect.stringContaining("'nope'") });
  });

  it('lists the datasets of a namespace in the DatasetList shape', async () => {
    const response = await get(`/api/v1/namespaces/${enc(DB)}/datasets`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.totalCount).toBe(4);
    expect(body.datasets.map((dataset: { name: string }) => dataset.name).sort()).toEqual([
      'public.customers',
      'public.orders_clean',
      'public.revenue',
      'raw.orders',
    ]);
  });

  it('reads a dataset with its id, type, fields and current version as Marquez does', async () => {
    const response = await get(`/api/v1/namespaces/${enc(DB)}/datasets/public.orders_clean`);
    expect(response.statusCode).toBe(200);
    const dataset = response.json();
    expect(dataset).toMatchObject({
      id: { namespace: DB, name: 'public.orders_clean' },
      type: 'DB_TABLE',
      name: 'public.orders_clean',
      physicalName: 'public.orders_clean',
      namespace: DB,
      sourceName: expect.any(String),
      tags: [],
      deleted: false,
    });
    expect(dataset.fields).toEqual([
      { name: 'id', type: 'INTEGER', tags: [], description: null },
      { name: 'amount', type: 'DECIMAL', tags: [], description: null },
    ]);
    expect(dataset.currentVersion).toEqual(expect.any(String));
    expect(dataset.lastModifiedAt).toEqual(expect.any(String));
  });

  it('answers an unknown dataset with 404 and suggests similar ids', async () => {
    const response = await get(`/api/v1/namespaces/${enc(DB)}/datasets/public.orders_clen`);
    expect(response.statusCode).toBe(404);
    const { error } = response.json();
    expect(error.message).toContain('dataset:postgres://db:5432:public.orders_clen');
  });

  it('lists dataset versions with the run that wrote each, and reads one version', async () => {
    const list = await get(`/api/v1/namespaces/${enc(DB)}/datasets/public.revenue/versions`);
    expect(list.statusCode).toBe(200);
    const { versions, totalCount } = list.json();
    expect(totalCount).toBeGreaterThanOrEqual(1);
    expect(versions[0]).toMatchObject({
      id: { namespace: DB, name: 'public.revenue', version: expect.any(String) },
      name: 'public.revenue',
      namespace: DB,
      fields: [expect.objectContaining({ name: 'day' }), expect.objectContaining({ name: 'total' })],
    });
    const written = versions.find((version: { createdByRun: unknown }) => version.createdByRun !== null);
    expect(written.createdByRun).toMatchObject({ id: expect.any(String), state: expect.any(String) });
    const one = await get(`/api/v1/namespaces/${enc(DB)}/datasets/public.revenue/versions/${versions[0].version}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().version).toBe(versions[0].version);
    const missing = await get(`/api/v1/namespaces/${enc(DB)}/datasets/public.revenue/versions/nope`);
    expect(missing.statusCode).toBe(404);
  });

  it('lists jobs and reads a job with its current inputs, outputs and latest run', async () => {
    const list = await get(`/api/v1/namespaces/${ETL}/jobs`);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .jobs.map((job: { name: string }) => job.name)
        .sort(),
    ).toEqual(['daily_revenue', 'load_orders']);
    const job = (await get(`/api/v1/namespaces/${ETL}/jobs/daily_revenue`)).json();
    expect(job).toMatchObject({
      id: { namespace: ETL, name: 'daily_revenue' },
      type: 'BATCH',
      name: 'daily_revenue',
      namespace: ETL,
      outputs: [{ namespace: DB, name: 'public.revenue' }],
      latestRun: { id: RUN_REVENUE_2, state: 'COMPLETED' },
    });
    expect(job.inputs).toEqual(
      expect.arrayContaining([
        { namespace: DB, name: 'public.orders_clean' },
        { namespace: DB, name: 'public.customers' },
      ]),
    );
  });

  it('lists job versions newest first and reads one', async () => {
    const list = await get(`/api/v1/namespaces/${ETL}/jobs/daily_revenue/versions`);
    expect(list.statusCode).toBe(200);
    const { versions } = list.json();
    expect(versions.length).toBe(2);
    expect(versions[0].inputs).toHaveLength(2);
    expect(versions[1].inputs).toEqual([{ namespace: DB, name: 'public.orders_clean' }]);
    const one = await get(`/api/v1/namespaces/${ETL}/jobs/daily_revenue/versions/${versions[1].version}`);
    expect(one.json()).toMatchObject({ id: { namespace: ETL, name: 'daily_revenue', version: versions[1].version } });
  });

  it('lists the runs of a job and reads a run by id in the Run shape', async () => {
    const runs = (await get(`/api/v1/namespaces/${ETL}/jobs/daily_revenue/runs`)).json();
    expect(runs.runs.map((run: { id: string }) => run.id)).toContain(RUN_REVENUE_2);
    const run = await get(`/api/v1/jobs/runs/${RUN_LOAD}`);
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      id: RUN_LOAD,
      state: 'COMPLETED',
      startedAt: '2026-10-01T06:00:00.000Z',
      endedAt: '2026-10-01T06:05:00.000Z',
      durationMs: 300_000,
      jobVersion: { namespace: ETL, name: 'load_orders', version: expect.any(String) },
      inputDatasetVersions: expect.any(Array),
      outputDatasetVersions: [
        expect.objectContaining({ datasetVersionId: expect.objectContaining({ name: 'public.orders_clean' }) }),
      ],
    });
    expect((await get('/api/v1/jobs/runs/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('answers lineage around a dataset in the LineageGraph shape with edges both ways', async () => {
    const response = await get(`/api/v1/lineage?nodeId=${enc(`dataset:${DB}:public.orders_clean`)}`);
    expect(response.statusCode).toBe(200);
    const { graph } = response.json();
    const ids = graph.map((node: { id: string }) => node.id).sort();
    expect(ids).toEqual(
      expect.arrayContaining([
        `dataset:${DB}:raw.orders`,
        `job:${ETL}:load_orders`,
        `dataset:${DB}:public.orders_clean`,
        `job:${ETL}:daily_revenue`,
        `dataset:${DB}:public.revenue`,
      ]),
    );
    const clean = graph.find((node: { id: string }) => node.id === `dataset:${DB}:public.orders_clean`);
    expect(clean.type).toBe('DATASET');
    expect(clean.data).toMatchObject({ id: { namespace: DB, name: 'public.orders_clean' }, type: 'DB_TABLE' });
    expect(clean.inEdges).toEqual([{ origin: `job:${ETL}:load_orders`, destination: clean.id }]);
    expect(clean.outEdges).toEqual([{ origin: clean.id, destination: `job:${ETL}:daily_revenue` }]);
    const job = graph.find((node: { id: string }) => node.id === `job:${ETL}:load_orders`);
    expect(job.type).toBe('JOB');
    expect(job.data).toMatchObject({ id: { namespace: ETL, name: 'load_orders' }, latestRun: { id: RUN_LOAD_FAILED } });
  });

  it('answers lineage of a run with the lineage of its job', async () => {
    const response = await get(`/api/v1/lineage?nodeId=${enc(`run:${RUN_LOAD}`)}&depth=1`);
    expect(response.statusCode).toBe(200);
    expect(response.json().graph.map((node: { id: string }) => node.id)).toContain(`job:${ETL}:load_orders`);
    const unknown = await get(`/api/v1/lineage?nodeId=${enc('run:00000000-0000-0000-0000-000000000000')}`);
    expect(unknown.statusCode).toBe(404);
  });

  it('limits lineage by depth counted in jobs', async () => {
    const response = await get(`/api/v1/lineage?nodeId=${enc(`dataset:${DB}:raw.orders`)}&depth=1`);
    const ids = response.json().graph.map((node: { id: string }) => node.id);
    expect(ids).toContain(`dataset:${DB}:public.orders_clean`);
    expect(ids).not.toContain(`dataset:${DB}:public.revenue`);
  });

  it('answers lineage of an unknown node with 404 naming it, and of a malformed id with 400', async () => {
    const unknown = await get(`/api/v1/lineage?nodeId=${enc(`dataset:${DB}:public.nope`)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain(`dataset:${DB}:public.nope`);
    const malformed = await get('/api/v1/lineage?nodeId=table:foo');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.path).toBe('query.nodeId');
    const missing = await get('/api/v1/lineage');
    expect(missing.statusCode).toBe(400);
    const badDepth = await get(`/api/v1/lineage?nodeId=${enc(`dataset:${DB}:raw.orders`)}&depth=deep`);
    expect(badDepth.statusCode).toBe(400);
    expect(badDepth.json().error.path).toBe('query.depth');
  });

  it('answers column lineage upstream of a field with inputFields and transformations', async () => {
    const id = `datasetField:${DB}:public.revenue:total`;
    const response = await get(`/api/v1/column-lineage?nodeId=${enc(id)}`);
    expect(response.statusCode).toBe(200);
    const { graph } = response.json();
    const ids = graph.map((node: { id: string }) => node.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        id,
        `datasetField:${DB}:public.orders_clean:amount`,
        `datasetField:${DB}:raw.orders:amount`,
      ]),
    );
    const total = graph.find((node: { id: string }) => node.id === id);
    expect(total.type).toBe('DATASET_FIELD');
    expect(total.data).toMatchObject({
      namespace: DB,
      dataset: 'public.revenue',
      field: 'total',
      inputFields: [expect.objectContaining({ namespace: DB, dataset: 'public.orders_clean', field: 'amount' })],
    });
    expect(total.inEdges).toEqual([{ origin: `datasetField:${DB}:public.orders_clean:amount`, destination: id }]);
  });

  it('adds downstream fields to column lineage only withDownstream=true', async () => {
    const id = `datasetField:${DB}:raw.orders:amount`;
    const upstreamOnly = (await get(`/api/v1/column-lineage?nodeId=${enc(id)}`)).json().graph;
    expect(upstreamOnly.map((node: { id: string }) => node.id)).toEqual([id]);
    const both = (await get(`/api/v1/column-lineage?nodeId=${enc(id)}&withDownstream=true`)).json().graph;
    expect(both.map((node: { id: string }) => node.id)).toContain(`datasetField:${DB}:public.revenue:total`);
  });

  it('answers column lineage of a dataset over all its fields', async () => {
    const response = await get(`/api/v1/column-lineage?nodeId=${enc(`dataset:${DB}:public.orders_clean`)}`);
    const ids = response.json().graph.map((node: { id: string }) => node.id);
    expect(ids).toEqual(
      expect.arrayContaining([`datasetField:${DB}:raw.orders:id`, `datasetField:${DB}:raw.orders:amount`]),
    );
  });

  it('searches datasets and jobs in the SearchResultList shape, with a filter', async () => {
    const response = await get('/api/v1/search?q=revenue');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'JOB',
          name: 'daily_revenue',
          namespace: ETL,
          nodeId: `job:${ETL}:daily_revenue`,
        }),
        expect.objectContaining({ type: 'DATASET', name: 'public.revenue', nodeId: `dataset:${DB}:public.revenue` }),
      ]),
    );
    const jobsOnly = (await get('/api/v1/search?q=revenue&filter=JOB')).json();
    expect(jobsOnly.results.every((result: { type: string }) => result.type === 'JOB')).toBe(true);
    expect((await get('/api/v1/search')).statusCode).toBe(400);
    expect((await get('/api/v1/search?q=x&filter=model')).json().error.path).toBe('query.filter');
  });

  it('lists the received OpenLineage events as sent, newest first, with a total', async () => {
    const response = await get('/api/v1/events/lineage?limit=2');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.totalCount).toBe(8);
    expect(body.events).toHaveLength(2);
    expect(body.events[0]).toMatchObject({ eventType: 'FAIL', run: { runId: RUN_LOAD_FAILED } });
    const ascending = (await get('/api/v1/events/lineage?sortDirection=asc&limit=1')).json();
    expect(ascending.events[0]).toMatchObject({ eventType: 'START', run: { runId: RUN_LOAD } });
    expect((await get('/api/v1/events/lineage?before=not-a-time')).statusCode).toBe(400);
  });
});
