import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { rootline, tempDir } from '../helpers/cli.js';

describe('analysis commands', () => {
  const temp = tempDir();
  const db = join(temp.dir, 'rootline.db');
  let app: FastifyInstance;
  let served: Store;
  let url: string;

  beforeAll(async () => {
    const store = await openStore({ db });
    await seedChurnGraph(store);
    await store.close();
    served = await openStore({ db });
    app = await createApp({ store: served });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await served.close();
    temp.cleanup();
  });

  it('impact prints a table with the live deployment first, and --json the documented shape', async () => {
    const human = await rootline(['impact', ids.crmAge, '--change', 'drop', '--db', db]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('1 deployment, 1 model version');
    const lines = human.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('KIND'));
    expect(lines[header + 1]).toContain(ids.deployment);
    const json = JSON.parse((await rootline(['impact', ids.crmAge, '--json', '--db', db])).stdout);
    expect(json.affected[0]).toMatchObject({ id: ids.deployment, live: true });
  });

  it('impact --csv prints CSV, the same locally and through --server', async () => {
    const local = await rootline(['impact', ids.crmAge, '--csv', '--db', db]);
    const remote = await rootline(['impact', ids.crmAge, '--csv', '--server', url]);
    expect(local.stdout.split('\r\n')[0]).toBe('id,kind,subtype,name,depth,severity,live,owners,path');
    expect(remote.stdout).toBe(local.stdout);
  });

  it('exits 2 naming the flag for a bad --change or --since, and for an unknown node', async () => {
    const change = await rootline(['impact', ids.crmAge, '--change', 'explode', '--db', db]);
    expect(change.code).toBe(2);
    expect(change.stderr).toContain('--change');
    const since = await rootline(['root-cause', ids.deployment, '--since', '7x', '--db', db]);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/s, m, h, d or w/);
    const depth = await rootline(['root-cause', ids.deployment, '--depth', 'deep', '--db', db]);
    expect(depth.code).toBe(2);
    expect(depth.stderr).toContain('--depth');
    const limit = await rootline(['health', '--limit', '0', '--db', db]);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain('--limit');
    const unknown = await rootline(['impact', 'dataset:pg:nope', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no node 'dataset:pg:nope'");
  });

  it('root-cause, changes, health and pii answer in text and JSON', async () => {
    const cause = await rootline(['root-cause', ids.deployment, '--since', '30d', '--json', '--db', db]);
    expect(JSON.parse(cause.stdout).node).toBe(ids.deployment);
    const asOf = '2026-01-06T00:00:00.000Z';
    const then = await rootline([
      'root-cause',
      ids.deployment,
      '--since',
      '30d',
      '--as-of',
      asOf,
      '--json',
      '--server',
      url,
    ]);
    expect(JSON.parse(then.stdout).until).toBe(asOf);
    const changesThen = await rootline(['changes', '--since', '30d', '--as-of', asOf, '--json', '--server', url]);
    expect(JSON.parse(changesThen.stdout)).toMatchObject({ changes: [], partial: false });
    const changes = await rootline(['changes', '--since', '7d', '--db', db]);
    expect(changes.stdout).toContain('no schema changes');
    const health = await rootline(['health', '--db', db]);
    expect(health.stdout).toContain('Datasets read but never written');
    const limited = JSON.parse((await rootline(['health', '--limit', '1', '--json', '--server', url])).stdout);
    const owners = limited.sections.find((s: { check: string }) => s.check === 'datasets_without_owners');
    expect([owners.items.length, owners.count]).toEqual([1, 2]);
    const pii = JSON.parse((await rootline(['pii', '--json', '--server', url])).stdout);
    expect(pii.tagged).toEqual([ids.crmEmail]);
  });

  it('annotate adds an owner and a tag, locally and through the server', async () => {
    const local = await rootline([
      'annotate',
      ids.billing,
      '--owner',
      'finance@acme.example',
      '--tag',
      'gold',
      '--db',
      db,
    ]);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain('owners: finance@acme.example');
    const remote = await rootline(['annotate', ids.billing, '--remove-tag', 'gold', '--json', '--server', url]);
    expect(JSON.parse(remote.stdout).node.tags).toEqual([]);
    const empty = await rootline(['annotate', ids.billing, '--db', db]);
    expect(empty.code).toBe(2);
  });
});
