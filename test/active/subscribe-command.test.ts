import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { rootline, runEvent, tempDir } from '../helpers/cli.js';

it('rootline subscribe runs a command with the alert on its stdin after a local ingest, and rootline alerts logs it', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'r.db');
    const out = join(dir, 'alert.json');
    const created = await rootline([
      'subscribe',
      '--rule',
      'run_failed',
      '--job',
      'job:shop:load_orders',
      '--command',
      `cat > '${out}'`,
      '--db',
      db,
      '--json',
    ]);
    expect(created.code).toBe(0);
    const id = JSON.parse(created.stdout).subscription.id as string;
    expect((await rootline(['subscribe', '--list', '--db', db])).stdout).toContain(id);
    const event = runEvent({ eventType: 'FAIL', run: { runId: '3f9c2a4e-5b1d-4c7e-9a8f-0123456789ac' } });
    const ingested = await rootline(['ingest', 'openlineage', '-', '--db', db], { stdin: JSON.stringify(event) });
    expect(ingested.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ rule: 'run_failed', subscription: id });
    const alerts = JSON.parse((await rootline(['alerts', '--db', db, '--json'])).stdout);
    expect(alerts).toEqual([expect.objectContaining({ status: 'delivered', rule: 'run_failed' })]);
    expect((await rootline(['subscribe', '--delete', id, '--db', db])).code).toBe(0);
    expect((await rootline(['subscribe', '--delete', id, '--db', db])).code).toBe(2);
  } finally {
    cleanup();
  }
});

it('rootline subscribe rejects a rule without its node and a flag that belongs to another rule', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'r.db');
    const missing = await rootline([
      'subscribe',
      '--rule',
      'run_failed',
      '--webhook',
      'http://127.0.0.1:9/x',
      '--db',
      db,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('rule.job');
    const extra = await rootline([
      'subscribe',
      '--rule',
      'lineage_gap',
      '--job',
      'job:a:b',
      '--webhook',
      'http://127.0.0.1:9/x',
      '--db',
      db,
    ]);
    expect(extra.code).toBe(2);
    const noTarget = await rootline(['subscribe', '--rule', 'lineage_gap', '--db', db]);
    expect(noTarget.code).toBe(2);
  } finally {
    cleanup();
  }
});
