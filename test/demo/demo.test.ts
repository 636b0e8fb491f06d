import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDemo, DEMO_DAYS, loadDemo } from '../../src/demo/load-demo.js';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

const NOW = new Date('2026-10-10T12:00:00.000Z');
const WH = 'postgres://warehouse.acme.internal:5432';
const id = (table: string) => `dataset:${WH}:analytics.${table}`;

function allEvents(now = NOW): Record<string, unknown>[] {
  return buildDemo({ now }).flatMap(({ batches }) =>
    batches.flatMap((batch) =>
      batch.kind === 'openlineage'
        ? batch.events.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        : [],
    ),
  );
}

describe('the demo', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore({ db: ':memory:' });
  });
  afterEach(async () => store.close());

  it('is the same for the same time and seed, and ends just before now', () => {
    const first = allEvents();
    expect(JSON.stringify(allEvents())).toBe(JSON.stringify(first));
    const times = first.map((event) => String(event.eventTime)).sort();
    const last = Date.parse(times[times.length - 1] ?? '');
    expect(last).toBeLessThanOrEqual(NOW.getTime());
    expect(last).toBeGreaterThan(NOW.getTime() - 10 * 60_000);
    expect(Date.parse(times[0] ?? '')).toBeLessThan(NOW.getTime() - (DEMO_DAYS - 1) * 86_400_000);
  });

  it('is accepted in full by the OpenLineage ingester in strict mode, without a single warning', async () => {
    const outcomes = await ingestOpenLineage(store, allEvents(), { strict: true, actor: null });
    const problems = outcomes.filter((o) => o.status !== 'accepted' || o.warnings.length > 0);
    expect(problems).toEqual([]);
  });

  it('tells the story: a failing run with its error, a schema change, masking and a failed quality check', async () => {
    const reports = await loadDemo(
      { openLineage: (events) => ingestOpenLineage(store, events, { strict: false }) },
      { now: NOW },
    );
    expect(reports.every((report) => report.rejected === 0)).toBe(true);

    const failed = await store.listRuns({ state: 'FAILED' });
    const stgFailure = failed.items.find((run) => run.jobId === 'job:acme-airflow:acme_daily.stg_payments');
    expect(stgFailure?.errorMessage).toBe('column "amount_cents" does not exist');

    const versions = await store.listDatasetVersions(id('raw.payments'));
    const schemas = new Set(versions.items.map((v) => v.fields.map((f) => f.name).join(',')));
    expect(schemas).toEqual(
      new Set([
        'payment_id,customer_id,amount_cents,status,paid_at',
        'payment_id,customer_id,amount_minor,currency,status,paid_at',
      ]),
    );

    const masked = await store.listEdges({
      nodeId: `datasetField:${WH}:analytics.staging.stg_customers:email_hash`,
      direction: 'in',
    });
    expect(masked.flatMap((edge) => edge.transformations)).toContainEqual(
      expect.objectContaining({ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }),
    );

    const failing = await store.listAssertionResults({ status: 'fail' });
    expect(failing.items.map((result) => result.nodeId)).toContain(
      `datasetField:${WH}:analytics.staging.stg_usage_events:customer_id`,
    );
  });

  it('connects the features table to all three source systems', async () => {
    await loadDemo({ openLineage: (events) => ingestOpenLineage(store, events, { strict: false }) }, { now: NOW });
    const walk = await store.traverse({
      start: [id('features.customer_features')],
      direction: 'upstream',
      depth: 20,
      level: 'dataset',
    });
    const ids = walk.nodes.map((entry) => entry.node.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'dataset:salesforce://acme.my.salesforce.com:Contact',
        'dataset:kafka://kafka-1.acme.internal:9092:product.usage.v1',
        'dataset:s3://acme-billing-exports:stripe/charges',
        id('marts.dim_customers'),
        id('staging.stg_usage_events'),
      ]),
    );
    expect(walk.partial).toBe(false);
  });
});
