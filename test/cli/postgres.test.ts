import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootline } from '../helpers/cli.js';

const PG_URL = process.env.ROOTLINE_TEST_PG_URL;
if (!PG_URL) console.log('skipping CLI tests on PostgreSQL: ROOTLINE_TEST_PG_URL is not set');

const FEATURES = 'dataset:postgres://warehouse.acme.internal:5432:analytics.features.customer_features';

describe.skipIf(!PG_URL)('commands on PostgreSQL (--database-url)', { timeout: 120_000 }, () => {
  const database = `rootline_cli_${randomBytes(5).toString('hex')}`;
  let url: string;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    // template0 accepts no connections, so a concurrent CREATE DATABASE elsewhere cannot block the copy.
    await admin.query(`CREATE DATABASE ${database} TEMPLATE template0`);
    await admin.end();
    const parsed = new URL(PG_URL ?? '');
    parsed.pathname = `/${database}`;
    url = parsed.toString();
  }, 120_000);

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }, 120_000);

  it('loads the demo, walks lineage and verifies the chain, taking the URL from the flag or the environment', async () => {
    const demo = await rootline(['demo', '--database-url', url, '--now', '2026-10-10T12:00:00Z', '--json']);
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout).loaded).toBe(true);
    const lineage = await rootline(['lineage', FEATURES, '--upstream', '--json'], {
      env: { ROOTLINE_DATABASE_URL: url },
    });
    expect(lineage.code).toBe(0);
    expect(JSON.parse(lineage.stdout).nodes.map((n: { id: string }) => n.id)).toContain(
      'dataset:salesforce://acme.my.salesforce.com:Contact',
    );
    const verify = await rootline(['verify', '--database-url', url]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^✓ event log intact: [\d,]+ records checked\n$/);
  });
});
