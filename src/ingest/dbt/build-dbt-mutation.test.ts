import { describe, expect, it } from 'vitest';
import { loadDbtProject, readDbtJson } from '../../../test/helpers/dbt-fixtures.js';
import { canonicalJson } from '../../model/canonical-json.js';
import type { Mutation, NodeUpsert } from '../../model/mutation.js';
import type { AnalyzeSqlOptions, SqlLineageResult } from '../../sql/types.js';
import { buildDbtMutation, type DbtMappingOptions } from './build-dbt-mutation.js';
import { parseDbtArtifacts, type RawDbtArtifacts } from './parse-artifacts.js';

const PG = 'postgres://POSTGRES_HOST:1234';
const ds = (name: string, ns = PG) => `dataset:${ns}:${name}`;
const job = (name: string) => `job:default:${name}`;

async function build(raw: RawDbtArtifacts, options: Partial<DbtMappingOptions> = {}) {
  return buildDbtMutation(parseDbtArtifacts(raw), { namespace: PG, jobNamespace: 'default', ...options });
}

function node(mutation: Mutation, id: string): NodeUpsert {
  const found = mutation.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

function edgesOf(mutation: Mutation, scope: string) {
  return mutation.edgeSets.find((set) => set.scope === scope)?.edges ?? [];
}

function lineage(fields: Record<string, [string, string][]>, dataset: [string, string][] = []): SqlLineageResult {
  const toInput = ([name, field]: [string, string]) => ({
    name,
    field,
    transformations: [{ type: 'DIRECT' as const, subtype: 'IDENTITY' as const, description: '', masking: false }],
  });
  return {
    dialect: 'postgres',
    outputs: [],
    queries: [
      {
        statement: 0,
        columnLineage: {
          fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { inputFields: v.map(toInput) }])),
          dataset: dataset.map(toInput),
        },
      },
    ],
    inputs: [],
    statements: [],
    diagnostics: [],
  };
}

describe('buildDbtMutation', () => {
  it('maps models and seeds to datasets and jobs named like OpenLineage', async () => {
    const { mutation, summary } = await build(loadDbtProject('postgres'));
    expect(summary).toMatchObject({ project: 'jaffle_shop', datasets: 8, jobs: 8, assertions: 20, runs: 5 });
    expect(node(mutation, ds('postgres.public.orders'))).toMatchObject({ kind: 'dataset', subtype: 'table' });
    expect(node(mutation, ds('postgres.public.stg_orders')).subtype).toBe('view');
    const orders = job('postgres.public.jaffle_shop.orders');
    expect(node(mutation, orders)).toMatchObject({ kind: 'job', subtype: 'MODEL' });
    expect(edgesOf(mutation, orders).map((e) => `${e.kind} ${e.source} -> ${e.target}`)).toEqual([
      `INPUT ${ds('postgres.public.stg_orders')} -> ${orders}`,
      `INPUT ${ds('postgres.public.stg_payments')} -> ${orders}`,
      `OUTPUT ${orders} -> ${ds('postgres.public.orders')}`,
    ]);
    const stg = job('postgres.public.jaffle_shop.stg_customers');
    expect(
      edgesOf(mutation, stg)
        .filter((e) => e.kind === 'INPUT')
        .map((e) => e.source),
    ).toEqual([ds('postgres.public.raw_customers')]);
    expect(edgesOf(mutation, stg).every((e) => e.origin === 'dbt')).toBe(true);
  });

  it('uses compiled SQL as the sql facet and renders raw SQL where the manifest has none', async () => {
    const { mutation } = await build(loadDbtProject('postgres'));
    const orders = mutation.jobVersions.find((v) => v.jobId === job('postgres.public.jaffle_shop.orders'));
    expect(orders?.sql).toContain('select * from "postgres"."public"."stg_orders"');
    const customers = mutation.jobVersions.find((v) => v.jobId === job('postgres.public.jaffle_shop.customers'));
    expect(customers?.sql).toContain('from "postgres"."public"."stg_customers"');
    expect(customers?.sql).not.toContain('{{');
    expect(customers?.diagnostics).toEqual([]);
  });

  it('turns tests into assertions on the column or dataset they test', async () => {
    const { mutation } = await build(loadDbtProject('postgres'));
    const assertions = mutation.nodes.filter((n) => n.kind === 'assertion');
    expect(assertions).toHaveLength(20);
    const types = assertions.map((a) => a.subtype).sort();
    expect(new Set(types)).toEqual(new Set(['not_null', 'unique', 'accepted_values', 'relationships']));
    const relationships = assertions.find((a) => a.subtype === 'relationships');
    expect(relationships?.id).toBe(
      `assertion:${PG}:postgres.public.orders:relationships_orders_customer_id__customer_id__ref_customers_`,
    );
    expect(relationships?.attributes?.target).toBe(`datasetField:${PG}:postgres.public.orders:customer_id`);
    expect(relationships?.attributes?.kwargs).toEqual({
      column_name: 'customer_id',
      field: 'customer_id',
      to: "ref('customers')",
    });
  });

  it('records each test result as an assertion result at the run time', async () => {
    const { mutation, diagnostics } = await build(loadDbtProject('snowflake'));
    const results = mutation.assertionResults;
    expect(results).toHaveLength(20);
    expect(
      results
        .filter((r) => r.status === 'fail')
        .map((r) => r.assertion)
        .sort(),
    ).toEqual(['not_null_customers_customer_id', 'unique_customers_customer_id']);
    const failed = results.find((r) => r.assertion === 'unique_customers_customer_id');
    expect(failed).toMatchObject({
      nodeId: `datasetField:${PG}:DEMO_DB.public.customers:customer_id`,
      at: '2021-07-05T11:43:16.146Z',
      severity: 'error',
    });
    expect(failed?.details.failures).toBe(1);
    expect(diagnostics.map((d) => d.code)).toContain('dbt.result-without-node');
  });

  it('turns model results into runs with status and timing, and successful runs into dataset versions', async () => {
    const { mutation } = await build(loadDbtProject('postgres'));
    const runs = mutation.runs.filter((r) => r.jobId === job('postgres.public.jaffle_shop.stg_customers'));
    expect(runs.map((r) => [r.eventType, r.eventTime])).toEqual([
      ['START', '2022-12-14T21:28:16.888Z'],
      ['COMPLETE', '2022-12-14T21:28:16.964Z'],
    ]);
    const written = mutation.datasetVersions.filter((v) => v.reason === 'write');
    expect(written).toHaveLength(5);
    expect(runs[1]?.outputVersions).toEqual([
      {
        datasetId: ds('postgres.public.stg_customers'),
        version: written.find((v) => v.datasetId === ds('postgres.public.stg_customers'))?.version,
      },
    ]);
  });

  it('takes column types from the catalog in the warehouse order', async () => {
    const { mutation } = await build(loadDbtProject('spark'), { namespace: 'spark://localhost:10000' });
    const version = mutation.datasetVersions.find(
      (v) => v.datasetId === 'dataset:spark://localhost:10000:default.orders' && v.reason === 'observe',
    );
    expect(version?.fields?.slice(0, 3)).toEqual([
      { name: 'order_id', type: 'long', description: 'This is a unique identifier for an order' },
      { name: 'customer_id', type: 'long', description: 'Foreign key to the customers table' },
      { name: 'order_date', type: 'date', description: 'Date (UTC) that the order was placed' },
    ]);
  });

  it('maps sources, snapshots, exposures and custom tests', async () => {
    const { mutation, summary } = await build(loadDbtProject('dbtCore'));
    expect(summary).toMatchObject({ datasets: 5, exposures: 1, assertions: 3 });
    const source = node(mutation, ds('dbt.my_source.my_seed'));
    expect(source.description).toBe('My table');
    const schema = 'test17594237163467600387_test_previous_version_state';
    const snapshot = job(`dbt.${schema}.test.snapshot_seed`);
    expect(node(mutation, snapshot).subtype).toBe('SNAPSHOT');
    expect(edgesOf(mutation, snapshot).map((e) => e.source)[0]).toBe(ds(`dbt.${schema}.my_seed`));
    const snapshotSql = mutation.jobVersions.find((v) => v.jobId === snapshot)?.sql;
    expect(snapshotSql).toBe(`select * from "dbt"."${schema}"."my_seed"`);
    const exposure = node(mutation, job('exposure.test.simple_exposure'));
    expect(exposure).toMatchObject({ subtype: 'EXPOSURE', owners: [{ name: 'something@example.com', type: 'owner' }] });
    expect(edgesOf(mutation, exposure.id).map((e) => e.source)).toEqual([
      ds('dbt.my_source.my_seed'),
      ds(`dbt.${schema}.my_model`),
    ]);
    const custom = mutation.nodes.filter((n) => n.kind === 'assertion' && n.subtype === 'custom');
    expect(custom.map((n) => n.attributes?.assertion).sort()).toEqual(['check_nothing_my_model_', 'just_my']);
  });

  it('tags a column PII from its meta or its tags, and reads owners from meta and group', async () => {
    const raw = loadDbtProject('duckdb');
    const manifest = structuredClone(raw.manifest) as {
      nodes: Record<string, { columns: Record<string, { meta: object; tags: string[] }> }>;
    };
    const columns = manifest.nodes['model.jaffle_shop.customers']?.columns ?? {};
    if (columns.first_name) columns.first_name.meta = { pii: true };
    if (columns.last_name) columns.last_name.tags = ['pii', 'name'];
    const { mutation } = await build({ ...raw, manifest }, { namespace: 'duckdb:///database/jaffle_shop.duckdb' });
    const field = (f: string) =>
      node(mutation, `datasetField:duckdb:///database/jaffle_shop.duckdb:jaffle_shop.main.customers:${f}`);
    expect(field('first_name').tags).toEqual(['pii']);
    expect(field('last_name').tags).toEqual(['pii', 'name']);
    expect(field('customer_id').tags).toEqual([]);
    expect(field('first_name').description).toBe("Customer's first name. PII.");
    const customers = node(mutation, 'dataset:duckdb:///database/jaffle_shop.duckdb:jaffle_shop.main.customers');
    expect(customers.owners).toEqual([
      { name: 'data-team', type: 'owner' },
      { name: 'finance', type: 'group' },
    ]);
  });

  it('reports a referenced node missing from the manifest and keeps the rest', async () => {
    const { mutation, diagnostics } = await build(loadDbtProject('duckdb'));
    const missing = diagnostics.filter((d) => d.code === 'dbt.missing-node');
    expect(missing).toHaveLength(5);
    expect(missing[0]?.path).toBe('manifest.nodes.model.jaffle_shop.customers');
    expect(missing[0]?.message).toContain('model.jaffle_shop.stg_customers');
    expect(mutation.jobVersions.find((v) => v.jobId.endsWith('jaffle_shop.customers'))?.inputs).toEqual([]);
  });

  it('derives column lineage in DAG order, resolving tables through depends_on', async () => {
    const calls: { sql: string; options: AnalyzeSqlOptions }[] = [];
    const analyzeSql = (sql: string, options: AnalyzeSqlOptions): SqlLineageResult => {
      calls.push({ sql, options });
      if (sql.includes('raw_customers')) {
        return lineage({
          CUSTOMER_ID: [['"postgres"."public"."raw_customers"', 'id']],
          first_name: [['postgres.public.raw_customers', 'first_name']],
          last_name: [['raw_customers', 'last_name']],
        });
      }
      if (sql.includes('customer_lifetime_value')) {
        return lineage({ customer_id: [['public.stg_customers', 'CUSTOMER_ID']], nope: [['other.t', 'x']] }, [
          ['public.stg_orders', 'customer_id'],
        ]);
      }
      return lineage({});
    };
    const { mutation, diagnostics } = await build(loadDbtProject('postgres'), { analyzeSql });
    const customersCall = calls.find((c) => c.sql.includes('customer_lifetime_value'));
    expect(customersCall?.options.schema?.['postgres.public.stg_customers']).toEqual([
      'customer_id',
      'first_name',
      'last_name',
    ]);
    expect(customersCall?.options).toMatchObject({
      dialect: 'postgres',
      defaultDatabase: 'postgres',
      defaultSchema: 'public',
    });
    const stg = job('postgres.public.jaffle_shop.stg_customers');
    const derives = edgesOf(mutation, `${stg}|${ds('postgres.public.stg_customers')}`);
    expect(derives.map((e) => `${e.source} -> ${e.target}`)).toContain(
      `datasetField:${PG}:postgres.public.raw_customers:id -> datasetField:${PG}:postgres.public.stg_customers:customer_id`,
    );
    expect(derives).toHaveLength(3);
    expect(derives.every((e) => e.origin === 'dbt' && e.via === stg)).toBe(true);
    const customers = job('postgres.public.jaffle_shop.customers');
    const customerEdges = edgesOf(mutation, `${customers}|${ds('postgres.public.customers')}`);
    expect(customerEdges.map((e) => `${e.source} -> ${e.target}`)).toEqual([
      `datasetField:${PG}:postgres.public.stg_customers:customer_id -> datasetField:${PG}:postgres.public.customers:customer_id`,
      `datasetField:${PG}:postgres.public.stg_orders:customer_id -> ${ds('postgres.public.customers')}`,
    ]);
    expect(diagnostics.find((d) => d.code === 'dbt.unresolved-table')?.message).toContain('other.t');
  });

  it('builds the same mutation from the same artifacts', async () => {
    const first = await build(loadDbtProject('spark'));
    const second = await build(loadDbtProject('spark'));
    expect(canonicalJson(first.mutation)).toBe(canonicalJson(second.mutation));
  });

  it('closes the edges of a job that left the manifest', async () => {
    const gone = job('postgres.public.jaffle_shop.old_model');
    const { mutation, summary } = await build(loadDbtProject('postgres'), {
      previousJobs: [
        { id: gone, output: ds('postgres.public.old_model') },
        { id: job('postgres.public.jaffle_shop.orders'), output: ds('postgres.public.orders') },
      ],
    });
    expect(summary.closedJobs).toBe(1);
    expect(mutation.edgeSets.filter((s) => s.scope.startsWith(gone)).map((s) => [s.mode, s.edges.length])).toEqual([
      ['replace', 0],
      ['replace', 0],
    ]);
    expect(node(mutation, gone).deletedAt).toBe('2022-12-14T21:28:16.748Z');
  });

  it('reports catalog entries that name no node of the manifest', async () => {
    const raw = loadDbtProject('spark');
    const catalog = structuredClone(raw.catalog) as { nodes: Record<string, unknown> };
    catalog.nodes['model.jaffle_shop.gone'] = catalog.nodes['model.jaffle_shop.orders'];
    const { diagnostics } = await build({ ...raw, catalog });
    expect(diagnostics.filter((d) => d.code === 'dbt.catalog-unknown-node').map((d) => d.path)).toEqual([
      'catalog.nodes.model.jaffle_shop.gone',
    ]);
  });

  it.each([
    ['manifest_v7.json', 4],
    ['manifest_v8.json', 4],
    ['manifest_v9.json', 4],
    ['manifest_v10.json', 5],
    ['manifest_v11.json', 5],
    ['manifest_v12.json', 5],
  ])('maps dbt-core %s: sources, seeds, snapshots, exposures and tests', async (file, datasets) => {
    const manifest = readDbtJson('dbt-core-artifact-schema-versions', file);
    const { summary, mutation } = await build({ manifest });
    expect(summary).toMatchObject({ datasets, jobs: datasets - 1, exposures: 1, assertions: 3 });
    const snapshotSql = mutation.jobVersions.find((v) => v.jobId.endsWith('.test.snapshot_seed'))?.sql;
    // Seeds have no relation_name before manifest v10: the rendered ref is the dotted name.
    expect(snapshotSql).toMatch(/^select \* from "?dbt"?\."?test\d+_test_previous_version_state"?\."?my_seed"?$/);
  });

  it('gives a snapshot the columns of its query plus the validity columns dbt adds', async () => {
    const analyzeSql = (): SqlLineageResult => lineage({ id: [['my_seed', 'id']], name: [['my_seed', 'name']] });
    const { mutation } = await build(loadDbtProject('dbtCore'), { analyzeSql });
    const snapshot = mutation.datasetVersions.find(
      (v) => v.datasetId.endsWith('.snapshot_seed') && v.reason === 'observe',
    );
    expect(snapshot?.fields?.map((f) => f.name)).toEqual([
      'id',
      'name',
      'dbt_scd_id',
      'dbt_updated_at',
      'dbt_valid_from',
      'dbt_valid_to',
    ]);
  });
});
