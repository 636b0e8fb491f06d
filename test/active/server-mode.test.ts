import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/main.js';
import { openStore } from '../../src/store/open-store.js';
import { rootline, runEvent, tempDir } from '../helpers/cli.js';

describe('active-metadata commands against a running server (--server)', () => {
  let server: RunningServer;
  let url: string;
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startServer({ store: await openStore({ db: ':memory:' }), port: 0, handleSignals: false });
    url = server.address;
    const event = runEvent({ eventType: 'FAIL' });
    const ingested = await rootline(['ingest', 'openlineage', '-', '--server', url], { stdin: JSON.stringify(event) });
    expect(ingested.code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  it('opens, lists and resolves incidents over HTTP', async () => {
    const node = 'dataset:postgres://db:5432:shop.public.orders';
    const opened = await rootline(['incident', 'open', node, '--title', 'stale', '--server', url, '--json']);
    expect(opened.code).toBe(0);
    const id = JSON.parse(opened.stdout).id as string;
    const updated = await rootline(['incident', 'update', id, '--severity', 'high', '--server', url, '--json']);
    expect(JSON.parse(updated.stdout).severity).toBe('high');
    const listed = JSON.parse((await rootline(['incident', 'list', '--server', url, '--json'])).stdout);
    expect(listed.map((incident: { id: string }) => incident.id)).toContain(id);
    const resolved = await rootline(['incident', 'resolve', id, '--server', url, '--json']);
    expect(JSON.parse(resolved.stdout).status).toBe('resolved');
  });

  it('subscribes a webhook, lists and deletes it, refuses a command target, and reads the alert log', async () => {
    const created = await rootline([
      'subscribe',
      '--rule',
      'lineage_gap',
      '--webhook',
      'http://127.0.0.1:9/unused',
      '--server',
      url,
      '--json',
    ]);
    expect(created.code).toBe(0);
    const id = JSON.parse(created.stdout).subscription.id as string;
    expect((await rootline(['subscribe', '--list', '--server', url])).stdout).toContain(id);
    expect((await rootline(['subscribe', '--delete', id, '--server', url])).code).toBe(0);
    const command = await rootline(['subscribe', '--rule', 'lineage_gap', '--command', 'true', '--server', url]);
    expect(command.code).toBe(2);
    const alerts = await rootline(['alerts', '--server', url, '--json']);
    expect(alerts.code).toBe(0);
    expect(Array.isArray(JSON.parse(alerts.stdout))).toBe(true);
  });

  it('checks a policy and computes drift through the server', async () => {
    const policy = join(dir, 'policy.yaml');
    writeFileSync(
      policy,
      'rules:\n  - name: no-orders-readers\n    kind: no_job_reads\n    dataset: "dataset:postgres://db:5432:shop.public.orders"\n',
    );
    const checked = await rootline(['check', policy, '--server', url]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('job:shop:load_orders reads');
    const drift = await rootline(['drift', '--server', url, '--json']);
    expect(drift.code).toBe(0);
    expect(JSON.parse(drift.stdout)).toMatchObject({ deployments: [], datasets: [] });
  });
});
