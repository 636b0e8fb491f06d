import { expect, it } from 'vitest';
import { ingestDbt } from '../../../src/ingest/dbt/ingest-dbt.js';
import { parseArtifactText } from '../../../src/ingest/dbt/parse-artifacts.js';
import { InputError } from '../../../src/model/errors.js';
import { loadDbtProject, readProfiles } from '../../helpers/dbt-fixtures.js';
import { forEachEngine } from '../../helpers/stores.js';

const PG = 'postgres://POSTGRES_HOST:1234';
const ds = (name: string) => `dataset:${PG}:${name}`;
const fd = (name: string, field: string) => `datasetField:${PG}:${name}:${field}`;
const ORDERS_JOB = 'job:default:postgres.public.jaffle_shop.orders';

/** The postgres manifest with the orders model rewritten to read stg_orders only. */
function laterManifest(): unknown {
  const manifest = structuredClone(loadDbtProject('postgres').manifest) as {
    metadata: { generated_at: string };
    nodes: Record<string, { compiled_code?: string; depends_on: { nodes: string[] } }>;
  };
  manifest.metadata.generated_at = '2022-12-15T08:00:00.000000Z';
  const orders = manifest.nodes['model.jaffle_shop.orders'];
  if (!orders) throw new Error('fixture changed');
  orders.compiled_code = 'select order_id, customer_id, order_date, status from "postgres"."public"."stg_orders"';
  orders.depends_on.nodes = ['model.jaffle_shop.stg_orders'];
  return manifest;
}

forEachEngine('ingestDbt', (getStore) => {
  it('ingests a project through profiles.yml and records one event', async () => {
    const store = getStore();
    const outcome = await ingestDbt(store, loadDbtProject('postgres'), { profiles: readProfiles('postgres'), env: {} });
    expect(outcome).toMatchObject({ status: 'accepted', namespace: PG, jobNamespace: 'default' });
    const datasets = await store.listNodes({ kind: 'dataset', namespace: PG, limit: 100 });
    expect(datasets.items.map((n) => n.name).sort()).toEqual([
      'postgres.public.customers',
      'postgres.public.orders',
      'postgres.public.raw_customers',
      'postgres.public.raw_orders',
      'postgres.public.raw_payments',
      'postgres.public.stg_customers',
      'postgres.public.stg_orders',
      'postgres.public.stg_payments',
    ]);
    expect((await store.listNodes({ kind: 'job', namespace: 'default', limit: 100 })).total).toBe(8);
    expect((await store.listNodes({ kind: 'assertion', limit: 100 })).total).toBe(20);
    const events = await store.listEvents({ source: 'dbt' });
    expect(events.total).toBe(1);
    const run = await store.listRuns({ jobId: ORDERS_JOB });
    expect(run.items[0]).toMatchObject({ state: 'COMPLETED' });
  });

  it('derives column lineage that reaches the seeds', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    const upstream = await store.traverse({
      start: [fd('postgres.public.customers', 'customer_lifetime_value')],
      direction: 'upstream',
      depth: 10,
      level: 'column',
    });
    const ids = upstream.nodes.map((n) => n.node.id);
    expect(ids).toContain(fd('postgres.public.stg_payments', 'amount'));
    expect(ids).toContain(fd('postgres.public.raw_payments', 'amount'));
    const edge = upstream.edges.find((e) => e.source === fd('postgres.public.stg_payments', 'amount'));
    expect(edge).toMatchObject({ origin: 'dbt', via: 'job:default:postgres.public.jaffle_shop.customers' });
    expect(edge?.transformations).toEqual([{ type: 'DIRECT', subtype: 'AGGREGATION' }]);
  });

  it('changes nothing when the same artifacts are ingested again', async () => {
    const store = getStore();
    const first = await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    const before = await store.listEdges({ nodeId: ds('postgres.public.orders'), includeClosed: true });
    const second = await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    expect(second).toMatchObject({ status: 'duplicate', seq: first.seq });
    expect(await store.listEdges({ nodeId: ds('postgres.public.orders'), includeClosed: true })).toEqual(before);
    expect((await store.listEvents({})).total).toBe(1);
    expect((await store.listJobVersions(ORDERS_JOB)).total).toBe(1);
  });

  it('versions a changed model and closes the edges that no longer hold', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    await ingestDbt(store, { manifest: laterManifest() }, { namespace: PG });
    expect((await store.listJobVersions(ORDERS_JOB)).total).toBe(2);
    const inputs = await store.listEdges({
      nodeId: ORDERS_JOB,
      direction: 'in',
      kinds: ['INPUT'],
      includeClosed: true,
    });
    const payments = inputs.find((e) => e.source === ds('postgres.public.stg_payments'));
    expect(payments?.validTo).toBe('2022-12-15T08:00:00.000Z');
    const open = await store.listEdges({ nodeId: ORDERS_JOB, direction: 'in', kinds: ['INPUT'] });
    expect(open.map((e) => e.source)).toEqual([ds('postgres.public.stg_orders')]);
    const amount = await store.listEdges({ nodeId: fd('postgres.public.orders', 'amount'), direction: 'in' });
    expect(amount).toEqual([]);
    const past = await store.listEdges({
      nodeId: fd('postgres.public.orders', 'amount'),
      direction: 'in',
      asOf: '2022-12-15T00:00:00.000Z',
    });
    expect(past.length).toBeGreaterThan(0);
  });

  it('records test results as assertion results', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('snowflake'), { profiles: readProfiles('snowflake') });
    const failed = await store.listAssertionResults({ status: 'fail' });
    expect(failed.items.map((r) => r.assertion).sort()).toEqual([
      'not_null_customers_customer_id',
      'unique_customers_customer_id',
    ]);
    expect(failed.items[0]?.nodeId).toBe(
      'datasetField:snowflake://ASDF1234.eu-central-1.aws:DEMO_DB.public.customers:customer_id',
    );
    expect((await store.listAssertionResults({ status: 'pass' })).total).toBe(18);
  });

  it('writes nothing when the artifacts are bad', async () => {
    const store = getStore();
    const truncated = '{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v7.json"';
    expect(() => parseArtifactText(truncated, 'manifest.json')).toThrow(InputError);
    await expect(
      ingestDbt(
        store,
        { manifest: loadDbtProject('postgres').manifest, catalog: loadDbtProject('dbtCloud').catalog },
        {
          namespace: PG,
        },
      ),
    ).rejects.toThrow(/come from different projects/);
    await expect(ingestDbt(store, loadDbtProject('postgres'), {})).rejects.toThrow(
      /pass --profiles-dir \(with --target\) or --namespace/,
    );
    await expect(ingestDbt(store, loadDbtProject('postgres'), { profiles: readProfiles('duckdb') })).rejects.toThrow(
      /the profiles.yml target is a duckdb connection but the manifest was written by the postgres adapter/,
    );
    expect((await store.listEvents({})).total).toBe(0);
    expect((await store.listNodes({ limit: 10 })).total).toBe(0);
  });

  it('keeps the column lineage of models whose SQL and inputs did not change', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    const later = await ingestDbt(store, { manifest: laterManifest() }, { namespace: PG });
    expect(later.summary.lineageReused).toBe(4);
    const customers = await store.listEdges({
      nodeId: fd('postgres.public.customers', 'customer_lifetime_value'),
      direction: 'in',
    });
    expect(customers.map((e) => e.source)).toEqual([fd('postgres.public.stg_payments', 'amount')]);
    const again = await ingestDbt(
      store,
      {
        manifest: {
          ...(laterManifest() as object),
          metadata: {
            ...(loadDbtProject('postgres').manifest as { metadata: object }).metadata,
            generated_at: '2022-12-16T08:00:00Z',
          },
        },
      },
      { namespace: PG, reanalyze: true },
    );
    expect(again.summary.lineageReused).toBe(0);
    expect(again.summary.derivesEdges).toBeGreaterThan(0);
  });

  it('closes the edges of a model removed from a later manifest and marks its job deleted', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    const manifest = structuredClone(loadDbtProject('postgres').manifest) as {
      metadata: { generated_at: string };
      nodes: Record<string, { depends_on?: { nodes?: string[] } }>;
    };
    manifest.metadata.generated_at = '2022-12-15T08:00:00.000000Z';
    for (const [id, node] of Object.entries(manifest.nodes)) {
      if (id === 'model.jaffle_shop.orders' || node.depends_on?.nodes?.includes('model.jaffle_shop.orders')) {
        delete manifest.nodes[id];
      }
    }
    const outcome = await ingestDbt(store, { manifest }, { namespace: PG });
    expect(outcome.summary.closedJobs).toBe(1);
    expect((await store.getNode(ORDERS_JOB))?.deletedAt).toBe('2022-12-15T08:00:00.000Z');
    expect(await store.listEdges({ nodeId: ORDERS_JOB })).toEqual([]);
    const closed = await store.listEdges({ nodeId: ORDERS_JOB, includeClosed: true });
    expect(closed.length).toBe(3);
    expect(closed.every((e) => e.validTo === '2022-12-15T08:00:00.000Z')).toBe(true);
    expect(await store.listEdges({ nodeId: fd('postgres.public.orders', 'amount'), direction: 'in' })).toEqual([]);
  });

  it('logs the artifacts it read, or a digest of them above the size limit, and sees either as a duplicate', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('postgres'), { namespace: PG });
    const full = (await store.listEvents({ source: 'dbt' })).items[0]?.payload as Record<string, unknown>;
    expect(full.format).toBe('rootline.dbt/1');
    expect(Object.keys(full.manifest as object)).toEqual(expect.arrayContaining(['metadata', 'nodes', 'sources']));
    expect(full.manifest).not.toHaveProperty('macros');

    const small = { namespace: 'postgres://other:5432', maxFullPayload: 1000 };
    const first = await ingestDbt(store, loadDbtProject('spark'), small);
    const again = await ingestDbt(store, loadDbtProject('spark'), small);
    expect(again).toMatchObject({ status: 'duplicate', seq: first.seq });
    const digest = (await store.getEvent(first.seq))?.payload as Record<string, unknown>;
    expect(digest).toMatchObject({
      format: 'rootline.dbt-digest/1',
      namespace: 'postgres://other:5432',
      manifest: { version: 4, nodes: 28, dbt_version: '1.0.0' },
      catalog: { nodes: 7 },
      runResults: { results: 28 },
    });
    expect(digest.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
