import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/commands/demo.js';
import { createLocalBackend } from '../../src/cli/local-backend.js';
import { annotateNode, annotationSchema } from '../../src/ingest/annotate/annotate-node.js';
import { exportLog, importLog } from '../../src/ingest/replay/export-log.js';
import { issueToken } from '../../src/server/auth/token-secret.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';

let source: Store;
let lines: string[] = [];

beforeAll(async () => {
  source = await openStore({ db: ':memory:' });
  await runDemo(createLocalBackend(source, ':memory:'), { now: new Date('2026-10-10T12:00:00.000Z') });
  const datasets = await source.listNodes({ kind: 'dataset', limit: 1 });
  const first = datasets.items[0];
  if (first)
    await annotateNode(source, first.id, annotationSchema.parse({ addTags: ['pii'], addOwners: ['dpo'] }), 'tok_x');
  await issueToken(
    source,
    { role: 'viewer', namespaces: null, scopes: [], description: 'kept', expiresAt: null },
    null,
  );
  const kept = await source.active.openIncident(
    {
      id: 'inc-kept',
      nodeId: first?.id ?? '',
      title: 'late rows',
      severity: 'high',
      at: '2026-10-10T13:00:00.000Z',
      note: null,
    },
    'tok_x',
  );
  await source.active.updateIncident(kept.id, { at: '2026-10-10T14:00:00.000Z', note: 'looking' }, 'tok_y');
  await source.active.openIncident(
    {
      id: 'inc-done',
      nodeId: first?.id ?? '',
      title: 'fixed',
      severity: 'low',
      at: '2026-10-10T13:30:00.000Z',
      note: 'seen',
    },
    null,
  );
  await source.active.updateIncident('inc-done', { at: '2026-10-10T15:00:00.000Z', resolve: true }, 'tok_y');
  const subscription = {
    rule: { kind: 'lineage_gap' },
    target: { kind: 'webhook', url: 'https://hooks.example/rootline' },
    secret: 'source-secret',
    description: null,
    createdAt: '2026-10-10T16:00:00.000Z',
    createdBy: 'tok_x',
  };
  await source.active.createSubscription({ ...subscription, id: 'sub-kept' }, 'tok_x');
  await source.active.createSubscription({ ...subscription, id: 'sub-gone' }, 'tok_x');
  await source.active.deleteSubscription('sub-gone', 'tok_x');
  await exportLog(source, (line) => {
    lines.push(line);
  });
}, 300_000);

afterAll(async () => {
  await source.close();
  lines = [];
});

/** Every read a user can make, in a comparable form. */
async function snapshot(store: Store) {
  const nodes = (await store.listNodes({ limit: 100_000 })).items;
  const perNode = [];
  for (const node of nodes) {
    perNode.push({
      node,
      edges: await store.listEdges({ nodeId: node.id, includeClosed: true }),
      versions:
        node.kind === 'dataset'
          ? (await store.listDatasetVersions(node.id, { limit: 1000 })).items
          : node.kind === 'job'
            ? (await store.listJobVersions(node.id, { limit: 1000 })).items
            : [],
    });
  }
  const events = (await store.listEvents({ limit: 100_000 })).items;
  return {
    namespaces: await store.listNamespaces(),
    perNode,
    runs: (await store.listRuns({ limit: 100_000 })).items,
    assertions: (await store.listAssertionResults({ limit: 100_000 })).items,
    predictions: (await store.predictions.list({ limit: 1000 })).items,
    tokens: await store.listTokens(),
    incidents: (await store.active.listIncidents({ limit: 1000 })).items,
    subscriptions: (await store.active.listSubscriptions()).map(({ secret: _secret, ...rest }) => rest),
    chain: events.map((e) => e.hash),
    search: (await store.search({ q: 'customer', limit: 50 })).items.map((n) => n.id),
  };
}

forEachEngine('export and import rebuild an identical graph', (getStore) => {
  it('moves the demo database, ML and dbt records, annotations, tokens, incidents and subscriptions included, with every read equal', async () => {
    const target = getStore();
    const summary = await importLog(target, lines);
    expect(summary.notReplayed).toEqual([]);
    expect(summary.events).toBe((await source.listEvents({ limit: 1 })).total);
    expect(summary.events).toBeGreaterThan(100);
    expect(summary.predictions).toBeGreaterThan(0);
    expect(await target.verifyChain()).toMatchObject({ ok: true, checked: summary.events });
    const [before, after] = [await snapshot(source), await snapshot(target)];
    expect(after.chain).toEqual(before.chain);
    expect(after.namespaces).toEqual(before.namespaces);
    expect(after.runs).toEqual(before.runs);
    expect(after.assertions).toEqual(before.assertions);
    expect(after.tokens).toEqual(before.tokens);
    expect(after.incidents).toEqual(before.incidents);
    expect(after.incidents.map((incident) => [incident.id, incident.status])).toEqual(
      expect.arrayContaining([
        ['inc-kept', 'open'],
        ['inc-done', 'resolved'],
      ]),
    );
    expect(after.subscriptions).toEqual(before.subscriptions);
    expect(after.subscriptions.map((s) => s.id)).toEqual(['sub-kept']);
    expect(summary.subscriptions.map((s) => s.id)).toEqual(['sub-kept']);
    expect(summary.subscriptions[0]?.secret).toMatch(/^[0-9a-f]{48}$/);
    expect(after.search).toEqual(before.search);
    expect(after.predictions.length).toBe(before.predictions.length);
    expect(after.perNode.length).toBe(before.perNode.length);
    expect(after.perNode).toEqual(before.perNode);
  }, 300_000);

  it('refuses to import into a database whose chain the export does not continue', async () => {
    const target = getStore();
    await importLog(target, lines.slice(0, 3));
    await expect(importLog(target, lines.slice(0, 3))).rejects.toThrow(/does not continue/);
  });
});
