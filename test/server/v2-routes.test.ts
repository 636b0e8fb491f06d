import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  DB,
  ETL,
  enc,
  PIPELINE_TIMES,
  RUN_LOAD,
  RUN_LOAD_FAILED,
  RUN_REVENUE_1,
  RUN_REVENUE_2,
  seedPipeline,
  type TestServer,
} from './test-server.js';

const CLEAN = `dataset:${DB}:public.orders_clean`;
const REVENUE = `dataset:${DB}:public.revenue`;
const CUSTOMERS = `dataset:${DB}:public.customers`;
const REVENUE_JOB = `job:${ETL}:daily_revenue`;
const BETWEEN_DAY2_AND_DAY3 = '2026-10-02T12:00:00.000Z';

describe('/api/v2', () => {
  let server: TestServer;
  const get = (url: string) => server.app.inject({ method: 'GET', url });
  const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

  beforeAll(async () => {
    server = await createTestServer();
    await seedPipeline(server.app);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('GET /api/v2/lineage', () => {
    it('returns only upstream nodes with their depth', async () => {
      const response = await get(`/api/v2/lineage?node=${enc(REVENUE)}&direction=upstream&depth=10`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.partial).toBe(false);
      expect(ids(body.nodes)).toEqual(
        expect.arrayContaining([
          REVENUE,
          REVENUE_JOB,
          CLEAN,
          CUSTOMERS,
          `job:${ETL}:load_orders`,
          `dataset:${DB}:raw.orders`,
        ]),
      );
      const depthOf = (id: string) => body.nodes.find((node: { id: string }) => node.id === id)?.depth;
      expect(depthOf(REVENUE)).toBe(0);
      expect(depthOf(REVENUE_JOB)).toBe(1);
      expect(depthOf(CLEAN)).toBe(2);
      expect(body.edges.every((edge: { kind: string }) => edge.kind === 'INPUT' || edge.kind === 'OUTPUT')).toBe(true);
    });

    it('returns only downstream nodes within depth 2', async () => {
      const body = (await get(`/api/v2/lineage?node=${enc(CLEAN)}&direction=downstream&depth=2`)).json();
      expect(ids(body.nodes).sort()).toEqual([CLEAN, REVENUE, REVENUE_JOB].sort());
    });

    it('says partial when the node budget cut the walk', async () => {
      const body = (await get(`/api/v2/lineage?node=${enc(REVENUE)}&direction=upstream&depth=10&maxNodes=2`)).json();
      expect(body.partial).toBe(true);
      expect(body.nodes.length).toBeLessThanOrEqual(2);
    });

    it('answers the graph as it was at asOf: before day 3 the job did not read customers', async () => {
      const now = (await get(`/api/v2/lineage?node=${enc(REVENUE)}&direction=upstream&depth=2`)).json();
      expect(ids(now.nodes)).toContain(CUSTOMERS);
      const then = (
        await get(`/api/v2/lineage?node=${enc(REVENUE)}&direction=upstream&depth=2&asOf=${BETWEEN_DAY2_AND_DAY3}`)
      ).json();
      expect(ids(then.nodes)).toContain(CLEAN);
      expect(ids(then.nodes)).not.toContain(CUSTOMERS);
    });

    it('walks column lineage from a dataset through its fields', async () => {
      const body = (await get(`/api/v2/lineage?node=${enc(REVENUE)}&direction=upstream&depth=5&level=column`)).json();
      expect(ids(body.nodes)).toEqual(
        expect.arrayContaining([
          `datasetField:${DB}:public.orders_clean:amount`,
          `datasetField:${DB}:raw.orders:amount`,
        ]),
      );
      expect(body.edges.every((edge: { kind: string }) => edge.kind === 'DERIVES')).toBe(true);
    });

    it('answers an unknown node with 404, not an empty graph', async () => {
      const response = await get(`/api/v2/lineage?node=${enc(`dataset:${DB}:public.revenu`)}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toContain(`dataset:${DB}:public.revenu`);
      expect(response.json().error.suggestions).toContain(REVENUE);
    });

    it('answers a node that did not exist yet at asOf with 404', async () => {
      const response = await get(`/api/v2/lineage?node=${enc(REVENUE)}&asOf=2026-09-01T00:00:00Z`);
      expect(response.statusCode).toBe(404);
    });

    it('answers bad parameters with 400 naming each', async () => {
      const bad = await get(`/api/v2/lineage?node=${enc(REVENUE)}&direction=sideways&depth=-1&asOf=soon`);
      expect(bad.statusCode).toBe(400);
      const paths = bad.json().error.issues.map((issue: { path: string }) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['query.direction', 'query.depth', 'query.asOf']));
      const malformed = await get('/api/v2/lineage?node=dataset:');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.path).toBe('query.node');
    });
  });

  describe('GET /api/v2/nodes/{id}', () => {
    it('returns a dataset with its fields, current version and edges', async () => {
      const response = await get(`/api/v2/nodes/${enc(CLEAN)}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.node).toMatchObject({ id: CLEAN, kind: 'dataset', namespace: DB, name: 'public.orders_clean' });
      expect(body.fields.map((field: { attributes: { field: string } }) => field.attributes.field)).toEqual([
        'id',
        'amount',
      ]);
      expect(body.version).toMatchObject({ datasetId: CLEAN, fields: [{ name: 'id' }, { name: 'amount' }] });
      expect(body.edges.length).toBeGreaterThanOrEqual(2);
    });

    it('returns a job with its version at asOf and its latest run', async () => {
      const now = (await get(`/api/v2/nodes/${enc(REVENUE_JOB)}`)).json();
      expect(now.version.inputs).toHaveLength(2);
      expect(now.latestRun).toMatchObject({ runId: RUN_REVENUE_2, state: 'COMPLETED' });
      const then = (await get(`/api/v2/nodes/${enc(REVENUE_JOB)}?asOf=${BETWEEN_DAY2_AND_DAY3}`)).json();
      expect(then.version.inputs).toEqual([CLEAN]);
    });

    it('answers an unknown node with 404 and a malformed id with 400', async () => {
      expect((await get(`/api/v2/nodes/${enc(`job:${ETL}:nope`)}`)).statusCode).toBe(404);
      const malformed = await get(`/api/v2/nodes/${enc('widget:x:y')}`);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.path).toBe('params.id');
    });
  });

  it('searches every kind, filtered by kind', async () => {
    const all = (await get('/api/v2/search?q=orders')).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
    const fields = (await get('/api/v2/search?q=amount&kind=datasetField')).json();
    expect(fields.items.length).toBeGreaterThan(0);
    expect(fields.items.every((node: { kind: string }) => node.kind === 'datasetField')).toBe(true);
    expect((await get('/api/v2/search?q=x&kind=table')).statusCode).toBe(400);
    const beforeCustomers = (await get(`/api/v2/search?q=public&kind=dataset&asOf=${BETWEEN_DAY2_AND_DAY3}`)).json();
    expect(ids(beforeCustomers.items)).toContain(CLEAN);
    expect(ids(beforeCustomers.items)).not.toContain(CUSTOMERS);
  });

  it('lists recent runs, failed first when asked, and filters by state and since', async () => {
    const failedFirst = (await get('/api/v2/runs?failedFirst=true')).json();
    expect(failedFirst.items[0]).toMatchObject({ runId: RUN_LOAD_FAILED, state: 'FAILED' });
    expect(failedFirst.total).toBe(4);
    const newestFirst = (await get('/api/v2/runs')).json();
    expect(newestFirst.items.map((run: { runId: string }) => run.runId)).toEqual([
      RUN_LOAD_FAILED,
      RUN_REVENUE_2,
      RUN_REVENUE_1,
      RUN_LOAD,
    ]);
    const completed = (await get('/api/v2/runs?state=COMPLETED')).json();
    expect(completed.items.every((run: { state: string }) => run.state === 'COMPLETED')).toBe(true);
    const recent = (await get(`/api/v2/runs?since=${PIPELINE_TIMES.day3}`)).json();
    expect(recent.items.map((run: { runId: string }) => run.runId)).toEqual([RUN_LOAD_FAILED, RUN_REVENUE_2]);
    const ofJob = (await get(`/api/v2/runs?job=${enc(`job:${ETL}:daily_revenue`)}`)).json();
    expect(ofJob.items.map((run: { runId: string }) => run.runId)).toEqual([RUN_REVENUE_2, RUN_REVENUE_1]);
    expect((await get('/api/v2/runs?state=EXPLODED')).statusCode).toBe(400);
  });

  it('lists version history with schemas, newest first, bounded by asOf', async () => {
    const jobVersions = (await get(`/api/v2/versions?node=${enc(REVENUE_JOB)}`)).json();
    expect(jobVersions).toMatchObject({ node: REVENUE_JOB, kind: 'job', total: 2 });
    expect(jobVersions.versions[0].inputs).toHaveLength(2);
    const before = (await get(`/api/v2/versions?node=${enc(REVENUE_JOB)}&asOf=${BETWEEN_DAY2_AND_DAY3}`)).json();
    expect(before.total).toBe(1);
    const datasetVersions = (await get(`/api/v2/versions?node=${enc(REVENUE)}`)).json();
    expect(datasetVersions.versions[0].fields.map((field: { name: string }) => field.name)).toEqual(['day', 'total']);
    const field = await get(`/api/v2/versions?node=${enc(`datasetField:${DB}:public.revenue:total`)}`);
    expect(field.statusCode).toBe(400);
  });

  it('diffs the graph between two times: the edge to customers was added on day 3', async () => {
    const response = await get(`/api/v2/diff?from=${BETWEEN_DAY2_AND_DAY3}&to=2026-10-04T00:00:00Z`);
    expect(response.statusCode).toBe(200);
    const diff = response.json();
    expect(diff.edges.added).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'INPUT', source: CUSTOMERS, target: REVENUE_JOB })]),
    );
    expect(diff.nodes.added.map((node: { id: string }) => node.id)).toContain(CUSTOMERS);
    expect(diff.edges.removed).toEqual([]);
    expect(diff.partial).toBe(false);
  });

  it('answers a diff whose from is after its to with 400', async () => {
    const response = await get('/api/v2/diff?from=2026-10-04T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(response.statusCode).toBe(400);
    expect((await get('/api/v2/diff')).json().error.path).toBe('query.from');
  });
});
