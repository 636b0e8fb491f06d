import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/demo/load-demo.js';
import { CUSTOMER_REVENUE, DBT_JOB_NAMESPACE, dbtMarketingStep } from '../../src/demo/steps/dbt-marketing.js';
import { warehouseRunsStep } from '../../src/demo/steps/warehouse-runs.js';
import { ingestDbt } from '../../src/ingest/dbt/ingest-dbt.js';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

const NOW = new Date('2026-10-10T12:00:00.000Z');
const WH = 'postgres://warehouse.acme.internal:5432';
const REVENUE_JOB = `job:${DBT_JOB_NAMESPACE}:analytics.marketing.acme_marketing.customer_revenue`;

describe('the demo dbt step', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ db: ':memory:' });
    const reports = await loadDemo(
      {
        openLineage: (events) => ingestOpenLineage(store, events, { strict: false }),
        dbt: async (batch) => {
          const outcome = await ingestDbt(store, batch.artifacts, {
            namespace: batch.namespace,
            jobNamespace: batch.jobNamespace,
          });
          return [{ status: outcome.status, errors: [] }];
        },
      },
      { now: NOW, steps: [warehouseRunsStep, dbtMarketingStep] },
    );
    expect(reports.map((r) => [r.step, r.accepted, r.rejected])).toEqual([
      ['warehouse', 112, 0],
      ['dbt', 2, 0],
    ]);
  });
  afterEach(async () => store.close());

  it('joins the dbt models to the marts the Airflow pipeline builds, down to column level', async () => {
    const upstream = await store.traverse({
      start: [`datasetField:${WH}:analytics.marketing.customer_revenue:lifetime_revenue`],
      direction: 'upstream',
      depth: 6,
      level: 'column',
    });
    const ids = upstream.nodes.map((n) => n.node.id);
    expect(ids).toContain(`datasetField:${WH}:analytics.marts.fct_payments:amount_paid`);
    expect(ids).toContain(`datasetField:${WH}:analytics.staging.stg_payments:amount`);
  });

  it('versions the model whose SQL changed on the second day and records the failing test', async () => {
    expect((await store.listJobVersions(REVENUE_JOB)).total).toBe(2);
    const failed = await store.listAssertionResults({ status: 'fail' });
    expect(failed.items.map((r) => [r.nodeId, r.assertion])).toContainEqual([
      `datasetField:${WH}:analytics.marketing.customer_revenue:segment`,
      'accepted_values_customer_revenue_segment',
    ]);
    const dashboard = await store.getNode(`job:${DBT_JOB_NAMESPACE}:exposure.acme_marketing.revenue_dashboard`);
    expect(dashboard).toMatchObject({ subtype: 'EXPOSURE', owners: [{ name: 'Sam Ortiz', type: 'owner' }] });
    const pii = await store.getNode(`datasetField:${WH}:analytics.marts.dim_customers:email_hash`);
    expect(pii?.tags).toContain('pii');
    expect((await store.listFields(CUSTOMER_REVENUE)).map((f) => f.attributes.field)).toContain('failed_payments');
  });

  it('reads the columns of a source that documents only some of them from what the store already knows', async () => {
    const versions = await store.listJobVersions(REVENUE_JOB);
    const unknown = versions.items.flatMap((v) => v.diagnostics).filter((d) => d.code === 'sql.unknown_column');
    expect(unknown).toEqual([]);
    const upstream = await store.traverse({
      start: [`datasetField:${WH}:analytics.marketing.customer_revenue:segment`],
      direction: 'upstream',
      depth: 2,
      level: 'column',
    });
    expect(upstream.nodes.map((n) => n.node.id)).toContain(`datasetField:${WH}:analytics.marts.dim_customers:segment`);
  });
});
