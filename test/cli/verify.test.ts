import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rootline, tempDir } from '../helpers/cli.js';

describe('rootline verify', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'rootline.db');
    expect((await rootline(['demo', '--db', db, '--now', '2026-10-10T12:00:00Z'])).code).toBe(0);
  });
  afterEach(() => cleanup());

  it('reports an intact chain and exits 0', async () => {
    const run = await rootline(['verify', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ event log intact: 1\d\d records checked\n$/);
  });

  it('names the first broken record and exits 1 when a stored row was edited behind the store', async () => {
    const raw = new Database(db);
    raw
      .prepare('UPDATE events SET payload = ? WHERE seq = ?')
      .run(JSON.stringify({ eventType: 'COMPLETE', forged: true }), 17);
    raw.close();
    const run = await rootline(['verify', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ event log broken at record 17: /);
    const json = await rootline(['verify', '--db', db, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 17 } });
  });
});

describe('rootline diff', () => {
  let cleanup: () => void;
  let db: string;

  beforeEach(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    db = join(temp.dir, 'rootline.db');
    await rootline(['demo', '--db', db, '--now', '2026-10-10T12:00:00Z']);
  });
  afterEach(() => cleanup());

  it('lists the payments schema change and the column edges it opened and closed', async () => {
    const run = await rootline(['diff', '--from', '2026-10-08T12:00:00Z', '--to', '2026-10-10T12:00:00Z', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Changes from 2026-10-08T12:00:00.000Z to 2026-10-10T12:00:00.000Z');
    expect(run.stdout).toMatch(
      /~ dataset +dataset:postgres:\/\/warehouse\.acme\.internal:5432:analytics\.raw\.payments .*\n +schema: \+amount_minor, \+currency, -amount_cents/,
    );
    expect(run.stdout).toContain(
      '- DERIVES    analytics.raw.payments.amount_cents -> analytics.staging.stg_payments.amount  [DIRECT TRANSFORMATION]  via acme_daily.stg_payments',
    );
    expect(run.stdout).toContain(
      '+ DERIVES    analytics.raw.payments.amount_minor -> analytics.staging.stg_payments.amount  [DIRECT TRANSFORMATION]  via acme_daily.stg_payments',
    );
  });

  it('prints the /api/v2/diff shape with --json', async () => {
    const run = await rootline([
      'diff',
      '--from',
      '2026-10-08T12:00:00Z',
      '--to',
      '2026-10-10T12:00:00Z',
      '--db',
      db,
      '--json',
    ]);
    const diff = JSON.parse(run.stdout);
    expect(diff).toMatchObject({ from: '2026-10-08T12:00:00.000Z', to: '2026-10-10T12:00:00.000Z', partial: false });
    expect(diff.edges.removed.length).toBeGreaterThan(0);
    expect(diff.nodes.added.map((n: { id: string }) => n.id)).toContain(
      'datasetField:postgres://warehouse.acme.internal:5432:analytics.raw.payments:currency',
    );
  });

  it('exits 2 when --from is after --to or is not a time', async () => {
    const reversed = await rootline([
      'diff',
      '--from',
      '2026-10-10T00:00:00Z',
      '--to',
      '2026-10-01T00:00:00Z',
      '--db',
      db,
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--from (2026-10-10T00:00:00.000Z) is after --to');
    const missing = await rootline(['diff', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--from <time>' not specified");
  });
});
