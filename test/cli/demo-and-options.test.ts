import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rootline, tempDir } from '../helpers/cli.js';

describe('rootline demo', () => {
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('loads the demo into an empty database and reports each step', async () => {
    const db = join(dir, 'nested', 'rootline.db');
    const run = await rootline(['demo', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^STEP\s+RECORDS\s+ACCEPTED\s+DUPLICATE\s+REJECTED\s+WHAT\n/);
    expect(run.stdout).toMatch(/warehouse\s+1\d\d\s+1\d\d\s+0\s+0\s+daily warehouse DAG/);
    expect(run.stdout).toContain(
      "explore it: rootline lineage 'dataset:postgres://warehouse.acme.internal:5432:analytics.features.customer_features' --upstream",
    );
  });

  it('does not load the demo twice unless forced', async () => {
    const db = join(dir, 'rootline.db');
    await rootline(['demo', '--db', db, '--now', '2026-10-10T12:00:00Z']);
    const again = await rootline(['demo', '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ loaded: false, steps: [] });
    const forced = await rootline(['demo', '--db', db, '--now', '2026-10-10T12:00:00Z', '--force', '--json']);
    const result = JSON.parse(forced.stdout);
    expect(result.loaded).toBe(true);
    expect(result.steps[0]).toMatchObject({ step: 'warehouse', accepted: 0, rejected: 0 });
    expect(result.steps[0].duplicate).toBe(result.steps[0].records);
  });
});

describe('connection options', () => {
  it('takes the database from ROOTLINE_DB when --db is not given', async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, 'from-env.db');
    await rootline(['demo', '--now', '2026-10-10T12:00:00Z'], { env: { ROOTLINE_DB: db } });
    const run = await rootline(['verify', '--json'], { env: { ROOTLINE_DB: db } });
    cleanup();
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    expect(JSON.parse(run.stdout).checked).toBeGreaterThan(100);
  });

  it('exits 2 when a reading command is pointed at a database file that does not exist', async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, 'typo.db');
    const run = await rootline(['lineage', 'dataset:a:b', '--db', db]);
    cleanup();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: no database at '${db}'`);
    expect(existsSync(db)).toBe(false);
  });

  it('exits 2 when --server is combined with --db', async () => {
    const run = await rootline(['verify', '--server', 'http://127.0.0.1:5000', '--db', 'x.db']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--server talks to a running server; it cannot be combined with --db');
  });

  it('exits 2 for a server URL that is not http(s) and for a database URL that is not postgres', async () => {
    const server = await rootline(['verify', '--server', 'ftp://example.com']);
    expect(server.code).toBe(2);
    expect(server.stderr).toContain("--server 'ftp://example.com' must be an http:// or https:// URL");
    const database = await rootline(['verify', '--json'], { env: { ROOTLINE_DATABASE_URL: 'mysql://db/x' } });
    expect(database.code).toBe(2);
    expect(JSON.parse(database.stdout).error).toMatchObject({ name: 'InputError', path: 'ROOTLINE_DATABASE_URL' });
  });

  it('exits 1 without a stack trace when the server cannot be reached', async () => {
    const port = await closedPort();
    const run = await rootline(['lineage', 'dataset:a:b', '--server', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: cannot reach the Rootline server at http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('exits 2 for an unknown command or option', async () => {
    expect((await rootline(['frobnicate'])).code).toBe(2);
    const option = await rootline(['verify', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--colour'");
    const json = await rootline(['verify', '--colour', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'InputError', message: "unknown option '--colour'" });
  });

  it('prints help and the version with exit 0', async () => {
    const help = await rootline(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: rootline');
    const version = await rootline(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

/** A local port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
