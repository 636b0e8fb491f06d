import { expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { issueToken } from '../../src/server/auth/token-secret.js';
import { startServer } from '../../src/server/main.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from '../store/builders.js';

async function fanOut(store: Store, leaves: number): Promise<string> {
  const job = 'job:ns:fan';
  const center = 'dataset:ns:center';
  const ids = Array.from({ length: leaves }, (_, i) => `dataset:ns:leaf_${i}`);
  await apply(store, {
    nodes: [node(job, T(1)), node(center, T(1)), ...ids.map((id) => node(id, T(1)))],
    edgeSets: [
      {
        scope: job,
        at: T(1),
        mode: 'replace',
        runId: null,
        edges: [edge('INPUT', center, job), ...ids.map((id) => edge('OUTPUT', job, id))],
      },
    ],
  });
  return center;
}

forEachEngine('traversal budgets', (getStore) => {
  it('stops a walk past its time budget and says the answer is partial', async () => {
    const store = getStore();
    const center = await fanOut(store, 3_000);
    const query = { start: [center], direction: 'downstream' as const, depth: 5, level: 'dataset' as const };
    expect((await store.traverse(query)).partial).toBe(false);
    const late = await store.traverse({ ...query, deadline: Date.now() - 1 });
    expect(late.partial).toBe(true);
  });
});

it('limits the requests of one token per minute with 429 and leaves tokenless loopback requests alone', async () => {
  const store = await openStore({ db: ':memory:' });
  const app = await createApp({ store, rateLimit: 3 });
  try {
    const { secret } = await issueToken(
      store,
      { role: 'viewer', namespaces: null, scopes: [], description: null, expiresAt: null },
      null,
    );
    const headers = { authorization: `Bearer ${secret}` };
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ url: '/api/v1/namespaces', headers })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ url: '/api/v1/namespaces', headers });
    expect(limited.json().error.name).toBe('TooManyRequestsError');
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: '/api/v1/namespaces' })).statusCode).toBe(200);
  } finally {
    await app.close();
    await store.close();
  }
});

it('answers a failing store with a 500 that carries no stack trace or internal message', async () => {
  const store = await openStore({ db: ':memory:' });
  const app = await createApp({ store });
  try {
    await store.close();
    const response = await app.inject({ url: '/api/v1/namespaces' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toEqual({
      name: 'InternalError',
      message: 'internal server error',
      requestId: expect.any(String),
    });
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
  } finally {
    await app.close();
  }
});

it('sends security headers with the UI and the docs page', async () => {
  const store = await openStore({ db: ':memory:' });
  const app = await createApp({ store });
  try {
    for (const url of ['/', '/api/docs']) {
      const response = await app.inject({ url });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  } finally {
    await app.close();
    await store.close();
  }
});

it('applies the retention policy on its schedule while serving', async () => {
  const store = await openStore({ db: ':memory:' });
  const { emptyMutation } = await import('../../src/model/mutation.js');
  await store.ingest({ source: 'openlineage', actor: null, payload: { old: 1 }, eventTime: null }, emptyMutation());
  const server = await startServer({
    store,
    port: 0,
    handleSignals: false,
    retention: { runs: null, predictions: null, events: 0, schedule: 20 },
  });
  try {
    for (let i = 0; i < 200 && (await store.listEvents({ source: 'retention' })).total === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const checkpoint = (await store.listEvents({ source: 'retention' })).items[0];
    expect(checkpoint?.actor).toBe('retention-schedule');
    expect((await store.getEvent(1))?.prunedBy).toBe(checkpoint?.seq);
    expect(await store.verifyChain()).toMatchObject({ ok: true });
  } finally {
    await server.close();
  }
});
