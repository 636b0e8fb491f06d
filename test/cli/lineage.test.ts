import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootline, tempDir } from '../helpers/cli.js';

const NOW = '2026-10-10T12:00:00.000Z';
const WH = 'postgres://warehouse.acme.internal:5432';
const FEATURES = `dataset:${WH}:analytics.features.customer_features`;
const STG_PAYMENTS_AMOUNT = `datasetField:${WH}:analytics.staging.stg_payments:amount`;

describe('rootline lineage', () => {
  let db: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    db = join(temp.dir, 'rootline.db');
    const demo = await rootline(['demo', '--db', db, '--now', NOW]);
    expect(demo.code).toBe(0);
  });
  afterAll(() => cleanup());

  it('draws the upstream tree from the features table back to the source systems', async () => {
    const run = await rootline(['lineage', FEATURES, '--upstream', '--db', db]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`analytics.features.customer_features  dataset · ${WH}`);
    expect(lines[1]).toBe('└── ⚙ acme_daily.customer_features (acme-airflow)');
    expect(run.stdout).toContain('│   └── ⚙ acme_daily.dim_customers');
    expect(run.stdout).toContain('Contact (salesforce://acme.my.salesforce.com)');
    expect(run.stdout).toContain('product.usage.v1 (kafka://kafka-1.acme.internal:9092)');
    expect(run.stdout).toContain('stripe/charges (s3://acme-billing-exports)');
    // stg_payments feeds two marts: printed once, then referred back to.
    expect(run.stdout).toContain('analytics.staging.stg_payments  (shown above)');
    expect(run.stdout).not.toContain('downstream');
  });

  it('draws column lineage with transformation types and marks masking', async () => {
    const hash = `datasetField:${WH}:analytics.staging.stg_customers:email_hash`;
    const run = await rootline(['lineage', hash, '--upstream', '--column', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('└── analytics.raw.crm_customers.email  ← DIRECT TRANSFORMATION masked');
    expect(run.stdout).toContain('Contact.Email (salesforce://acme.my.salesforce.com)  ← DIRECT IDENTITY');
  });

  it('answers as of a past time, before the payments schema changed', async () => {
    const now = await rootline(['lineage', STG_PAYMENTS_AMOUNT, '--upstream', '--column', '--db', db]);
    expect(now.stdout).toContain('analytics.raw.payments.amount_minor');
    expect(now.stdout).not.toContain('amount_cents');
    const before = await rootline([
      'lineage',
      STG_PAYMENTS_AMOUNT,
      '--upstream',
      '--column',
      '--as-of',
      '2026-10-08T12:00:00Z',
      '--db',
      db,
    ]);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('analytics.raw.payments.amount_cents');
    expect(before.stdout).not.toContain('amount_minor');
  });

  it('shows both directions by default, each under its own heading', async () => {
    const run = await rootline(['lineage', `dataset:${WH}:analytics.staging.stg_payments`, '--depth', '2', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('▲ upstream');
    expect(run.stdout).toContain('▼ downstream');
    expect(run.stdout).toContain('analytics.marts.fct_payments');
    expect(run.stdout).toContain('analytics.raw.payments');
  });

  it('says the walk was partial when the depth cut it', async () => {
    const run = await rootline(['lineage', FEATURES, '--upstream', '--depth', '2', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('partial:');
  });

  it('prints the /api/v2/lineage shape with --json', async () => {
    const run = await rootline(['lineage', FEATURES, '--upstream', '--depth', '2', '--json', '--db', db]);
    const graph = JSON.parse(run.stdout);
    expect(Object.keys(graph).sort()).toEqual(['edges', 'nodes', 'partial']);
    expect(graph.partial).toBe(true);
    expect(graph.nodes.find((n: { id: string }) => n.id === FEATURES)).toMatchObject({ kind: 'dataset', depth: 0 });
    expect(graph.nodes.map((n: { depth: number }) => n.depth)).toContain(2);
    expect(graph.edges[0]).toHaveProperty('validFrom');
  });

  it('exits 2 with suggestions for an unknown node', async () => {
    const run = await rootline(['lineage', `dataset:${WH}:analytics.marts.fct_paymnts`, '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: no node 'dataset:${WH}:analytics.marts.fct_paymnts'`);
    expect(run.stdout).toBe('');
  });

  it('exits 2 naming the field for a malformed node id, a bad depth or a bad time', async () => {
    const id = await rootline(['lineage', 'orders', '--db', db]);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain("unknown kind 'orders'");
    const depth = await rootline(['lineage', FEATURES, '--depth', 'ten', '--db', db]);
    expect(depth.code).toBe(2);
    expect(depth.stderr).toContain('--depth must be a whole number from 1 to 100');
    const time = await rootline(['lineage', FEATURES, '--as-of', 'last tuesday', '--db', db, '--json']);
    expect(time.code).toBe(2);
    expect(JSON.parse(time.stdout).error).toMatchObject({ name: 'InputError', path: '--as-of' });
  });
});

describe('terminal output', () => {
  let db: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    db = join(temp.dir, 'rootline.db');
    await rootline(['demo', '--db', db, '--now', NOW]);
  });
  afterAll(() => cleanup());

  it('uses colours on a terminal only, and not when NO_COLOR is set', async () => {
    const args = ['lineage', FEATURES, '--upstream', '--depth', '2', '--db', db];
    const tty = await rootline(args, { isTTY: true });
    expect(tty.stdout).toContain('\u001b[1manalytics.features.customer_features\u001b[22m');
    const piped = await rootline(args);
    expect(piped.stdout).not.toContain('\u001b[');
    const noColor = await rootline(args, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).toBe(piped.stdout);
  });
});
