import { expect, it } from 'vitest';
import { ingestDbt } from '../../../src/ingest/dbt/ingest-dbt.js';
import type { Store } from '../../../src/store/store.js';
import { type DbtProjectName, loadDbtProject } from '../../helpers/dbt-fixtures.js';
import { forEachEngine } from '../../helpers/stores.js';

const NS = 'warehouse://corpus';

interface RawNode {
  resource_type: string;
  config?: { enabled?: boolean; materialized?: string };
}

/** Counts read straight off the manifest JSON, independently of the ingester's schemas. */
function manifestCounts(name: DbtProjectName) {
  const manifest = loadDbtProject(name).manifest as {
    nodes: Record<string, RawNode>;
    sources?: Record<string, unknown>;
    exposures?: Record<string, unknown>;
  };
  const nodes = Object.values(manifest.nodes).filter((n) => n.config?.enabled !== false);
  const tables = nodes.filter(
    (n) => ['model', 'seed', 'snapshot'].includes(n.resource_type) && n.config?.materialized !== 'ephemeral',
  ).length;
  const sources = Object.keys(manifest.sources ?? {}).length;
  const exposures = Object.keys(manifest.exposures ?? {}).length;
  return {
    datasets: tables + sources,
    jobs: tables + exposures,
    tests: nodes.filter((n) => n.resource_type === 'test').length,
  };
}

/** Output column -> sorted `table.column` sources of its DIRECT column edges, for one dataset. */
async function directLineage(store: Store, dataset: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const field of await store.listFields(`dataset:${NS}:${dataset}`)) {
    const edges = await store.listEdges({ nodeId: field.id, direction: 'in', kinds: ['DERIVES'] });
    const sources = edges
      .filter((e) => e.transformations.some((t) => t.type === 'DIRECT'))
      .map((e) => e.source.slice(`datasetField:${NS}:`.length).replace(/:([^:]+)$/, '.$1'))
      .sort();
    out[String(field.attributes.field)] = sources;
  }
  return out;
}

const JAFFLE = (db: string) => ({
  customers: {
    customer_id: [`${db}stg_customers.customer_id`],
    first_name: [`${db}stg_customers.first_name`],
    last_name: [`${db}stg_customers.last_name`],
    first_order: [`${db}stg_orders.order_date`],
    most_recent_order: [`${db}stg_orders.order_date`],
    number_of_orders: [`${db}stg_orders.order_id`],
    customer_lifetime_value: [`${db}stg_payments.amount`],
  },
  orders: {
    order_id: [`${db}stg_orders.order_id`],
    customer_id: [`${db}stg_orders.customer_id`],
    order_date: [`${db}stg_orders.order_date`],
    status: [`${db}stg_orders.status`],
    credit_card_amount: [`${db}stg_payments.amount`],
    coupon_amount: [`${db}stg_payments.amount`],
    bank_transfer_amount: [`${db}stg_payments.amount`],
    gift_card_amount: [`${db}stg_payments.amount`],
    amount: [`${db}stg_payments.amount`],
  },
  stg_payments: {
    payment_id: [`${db}raw_payments.id`],
    order_id: [`${db}raw_payments.order_id`],
    payment_method: [`${db}raw_payments.payment_method`],
    amount: [`${db}raw_payments.amount`],
  },
});

/** Hand-checked against each model's compiled SQL; a column absent here must have no DIRECT source. */
const EXPECTED_LINEAGE: Partial<Record<DbtProjectName, Record<string, Record<string, string[]>>>> = {
  postgres: prefix(JAFFLE('postgres.public.'), 'postgres.public.'),
  snowflake: prefix(JAFFLE('DEMO_DB.public.'), 'DEMO_DB.public.'),
  spark: prefix(JAFFLE('default.'), 'default.'),
  dbtCloud: {
    'SANDBOX.TEST_SCHEMA.my_second_dbt_model': { id: ['SANDBOX.TEST_SCHEMA.my_first_dbt_model.id'] },
    'SANDBOX.TEST_SCHEMA.my_first_dbt_model': { id: [] },
  },
  dbtCore: { 'dbt.test17594237163467600387_test_previous_version_state.my_model': { id: [] } },
};

function prefix<T>(byModel: Record<string, T>, db: string): Record<string, T> {
  return Object.fromEntries(Object.entries(byModel).map(([model, v]) => [`${db}${model}`, v]));
}

const PROJECTS: DbtProjectName[] = ['postgres', 'snowflake', 'duckdb', 'spark', 'dbtCloud', 'dbtCore'];

forEachEngine('dbt corpus projects', (getStore) => {
  for (const name of PROJECTS) {
    it(`ingests ${name} with one dataset per table, one job per model and one assertion per test`, async () => {
      const store = getStore();
      const outcome = await ingestDbt(store, loadDbtProject(name), { namespace: NS });
      const expected = manifestCounts(name);
      expect((await store.listNodes({ kind: 'dataset', namespace: NS, limit: 1 })).total).toBe(expected.datasets);
      expect((await store.listNodes({ kind: 'job', namespace: 'default', limit: 1 })).total).toBe(expected.jobs);
      expect((await store.listNodes({ kind: 'assertion', limit: 1 })).total).toBe(expected.tests);
      expect(outcome.summary).toMatchObject({ datasets: expected.datasets, assertions: expected.tests });
    });

    const lineage = EXPECTED_LINEAGE[name];
    if (lineage) {
      it(`derives the hand-checked column lineage of ${name}`, async () => {
        const store = getStore();
        await ingestDbt(store, loadDbtProject(name), { namespace: NS });
        for (const [dataset, columns] of Object.entries(lineage)) {
          const actual = await directLineage(store, dataset);
          for (const [column, sources] of Object.entries(columns)) {
            expect({ dataset, column, sources: actual[column] }).toEqual({ dataset, column, sources });
          }
        }
      });
    }
  }

  it('turns every test result into an assertion result with its status', async () => {
    const store = getStore();
    await ingestDbt(store, loadDbtProject('spark'), { namespace: NS });
    await ingestDbt(store, loadDbtProject('snowflake'), { namespace: 'snowflake://acme' });
    expect((await store.listAssertionResults({ status: 'pass', limit: 1 })).total).toBe(20 + 18);
    expect((await store.listAssertionResults({ status: 'fail', limit: 1 })).total).toBe(2);
    const orders = await store.listAssertionResults({ nodeId: `dataset:${NS}:default.orders`, limit: 100 });
    expect(orders.items.map((r) => r.assertion).sort()).toEqual([
      'accepted_values_orders_status__placed__shipped__completed__return_pending__returned',
      'not_null_orders_amount',
      'not_null_orders_bank_transfer_amount',
      'not_null_orders_coupon_amount',
      'not_null_orders_credit_card_amount',
      'not_null_orders_customer_id',
      'not_null_orders_gift_card_amount',
      'not_null_orders_order_id',
      'relationships_orders_customer_id__customer_id__ref_customers_',
      'unique_orders_order_id',
    ]);
  });
});
