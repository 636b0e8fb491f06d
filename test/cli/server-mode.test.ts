import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/main.js';
import { openStore } from '../../src/store/open-store.js';
import { rootline, runEvent, tempDir } from '../helpers/cli.js';

const NOW = '2026-10-10T12:00:00.000Z';
const WH = 'postgres://warehouse.acme.internal:5432';
const FEATURES = `dataset:${WH}:analytics.features.customer_features`;

describe('commands against a running server (--server)', () => {
  let server: RunningServer;
  let url: string;
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startServer({ store: await openStore({ db: ':memory:' }), port: 0, handleSignals: false });
    url = server.address;
  });
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  it('loads the demo over HTTP, then answers lineage exactly as the embedded database does', async () => {
    const demo = await rootline(['demo', '--server', url, '--now', NOW, '--json']);
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout).steps[0]).toMatchObject({ step: 'warehouse', rejected: 0 });

    const local = join(dir, 'local.db');
    await rootline(['demo', '--db', local, '--now', NOW]);
    const remote = await rootline(['lineage', FEATURES, '--upstream', '--server', url]);
    const embedded = await rootline(['lineage', FEATURES, '--upstream', '--db', local]);
    expect(remote.code).toBe(0);
    expect(remote.stdout).toBe(embedded.stdout);
  });

  it('ingests a file over HTTP and reports problems with their lines', async () => {
    const file = join(dir, 'events.ndjson');
    const bad = runEvent({ run: { runId: 'not-a-uuid' }, eventTime: 'soon' });
    writeFileSync(file, [runEvent(), bad].map((event) => JSON.stringify(event)).join('\n'));
    const run = await rootline(['ingest', 'openlineage', file, '--server', url, '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ target: url, total: 2, accepted: 1, rejected: 1 });
    expect(summary.problems[0]).toMatchObject({ line: 2, status: 'rejected' });
  });

  it('verifies the chain through the server', async () => {
    const run = await rootline(['verify', '--server', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ event log intact: \d+ records checked\n$/);
  });

  it('diffs through the server', async () => {
    const run = await rootline(['diff', '--from', '2026-10-08T12:00:00Z', '--to', NOW, '--server', url, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).nodes.added.length).toBeGreaterThan(0);
  });

  it('serve exits 2 naming --port when the port is taken', async () => {
    const run = await rootline(['serve', '--port', String(server.port), '--db', join(dir, 'serve.db')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `error: port ${server.port} on 127.0.0.1 is already in use; stop the other server or pass --port`,
    );
  });

  it('maps the server 404 for an unknown node to exit 2 with its message', async () => {
    const run = await rootline(['lineage', `dataset:${WH}:nope`, '--server', url, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ name: 'NotFoundError' });
  });
});
