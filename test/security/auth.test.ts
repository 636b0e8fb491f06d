import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { OPEN_ACCESS } from '../../src/server/auth/access.js';
import { ScopedStore } from '../../src/server/auth/scoped-store.js';
import { issueToken } from '../../src/server/auth/token-secret.js';
import type { Store, TokenRole } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';

function runEvent(namespace: string, job: string, input: string, output: string, n: number) {
  return {
    eventType: 'COMPLETE',
    eventTime: `2026-10-0${n}T06:00:00.000Z`,
    run: { runId: `0192f7a0-0000-7000-8000-00000000000${n}` },
    job: { namespace, name: job },
    inputs: [{ namespace, name: input }],
    outputs: [{ namespace, name: output }],
    producer: 'https://github.com/rootline/tests',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

forEachEngine('authentication, roles and namespace scopes over HTTP', (getStore) => {
  let app: FastifyInstance;
  let store: Store;
  const secrets: Record<string, string> = {};

  async function token(
    name: string,
    role: TokenRole,
    options: { namespaces?: string[]; scopes?: string[]; expiresAt?: string } = {},
  ) {
    const issued = await issueToken(
      store,
      {
        role,
        namespaces: options.namespaces ?? null,
        scopes: options.scopes ?? [],
        description: name,
        expiresAt: options.expiresAt ?? null,
      },
      null,
    );
    secrets[name] = issued.secret;
    return issued.token.id;
  }

  const as = (name: string) => ({ authorization: `Bearer ${secrets[name]}` });

  beforeEach(async () => {
    store = getStore();
    app = await createApp({ store, authRequired: true });
    await token('admin', 'admin');
    await token('editor', 'editor');
    await token('viewer', 'viewer');
    await token('feast', 'viewer', { namespaces: ['feast://prod'] });
    await token('feastEditor', 'editor', { namespaces: ['feast://prod'] });
    await token('expired', 'viewer', { expiresAt: '2020-01-01T00:00:00.000Z' });
    const events = [
      runEvent('feast://prod', 'build_features', 'raw_customers', 'customer_features', 1),
      runEvent('postgres://crm', 'export_orders', 'orders', 'orders_export', 2),
    ];
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: as('editor'),
      payload: events,
    });
    expect(response.statusCode).toBe(200);
  });

  afterEach(async () => {
    await app.close();
  });

  it('answers 401 without a token, with an unknown token and with an expired one, but serves /health', async () => {
    expect((await app.inject({ url: '/api/v1/namespaces' })).statusCode).toBe(401);
    const unknown = await app.inject({ url: '/api/v1/namespaces', headers: { authorization: 'Bearer rl_nope' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers['www-authenticate']).toContain('Bearer');
    expect(unknown.json().error.name).toBe('AuthError');
    expect((await app.inject({ url: '/api/v1/namespaces', headers: as('expired') })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/mcp', payload: {} })).statusCode).toBe(401);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('lets a viewer read but not ingest, and records the editor token as the actor of what it wrote', async () => {
    expect((await app.inject({ url: '/api/v1/namespaces', headers: as('viewer') })).statusCode).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: as('viewer'),
      payload: runEvent('feast://prod', 'other', 'a', 'b', 3),
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.name).toBe('ForbiddenError');
    const events = await store.listEvents({ source: 'openlineage' });
    const editorId = (await store.listTokens()).find((t) => t.description === 'editor')?.id;
    expect(events.items.map((e) => e.actor)).toEqual([editorId, editorId]);
  });

  it('shows a namespace-scoped viewer nothing outside its namespace: namespaces, search, lineage, counts', async () => {
    const namespaces = await app.inject({ url: '/api/v1/namespaces', headers: as('feast') });
    expect(namespaces.json().namespaces.map((n: { name: string }) => n.name)).toEqual(['feast://prod']);
    const search = await app.inject({ url: '/api/v1/search?q=orders', headers: as('feast') });
    expect(search.json().totalCount).toBe(0);
    const searchAll = await app.inject({ url: '/api/v1/search?q=orders', headers: as('viewer') });
    expect(searchAll.json().totalCount).toBeGreaterThan(0);
    const hidden = await app.inject({
      url: `/api/v2/lineage?node=${encodeURIComponent('dataset:postgres://crm:orders')}`,
      headers: as('feast'),
    });
    expect(hidden.statusCode).toBe(404);
    const lineage = await app.inject({
      url: `/api/v2/lineage?node=${encodeURIComponent('dataset:feast://prod:customer_features')}`,
      headers: as('feast'),
    });
    const ids: string[] = lineage.json().nodes.map((n: { id: string }) => n.id);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.every((id) => id.includes('feast://prod'))).toBe(true);
    expect((await app.inject({ url: '/api/v2/audit', headers: as('feast') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/v2/events/1', headers: as('feast') })).statusCode).toBe(403);
  });

  it("reads the versions a root cause cites only of a scoped reader's namespaces", async () => {
    const datasets = ['dataset:feast://prod:customer_features', 'dataset:postgres://crm:orders_export'];
    const now = new Date().toISOString();
    expect([...(await store.readVersionDetails(datasets, now)).keys()].sort()).toEqual(datasets);
    const scoped = new ScopedStore(store, () => ({
      ...OPEN_ACCESS,
      role: 'viewer',
      namespaces: new Set(['feast://prod']),
    }));
    expect([...(await scoped.readVersionDetails(datasets, now)).keys()]).toEqual([datasets[0]]);
  });

  it("answers a scoped reader's root cause of a node outside its namespaces as an unknown node", async () => {
    const hidden = 'dataset:postgres://crm:orders_export';
    const url = (node: string) => `/api/v2/root-cause?node=${encodeURIComponent(node)}&since=30d`;
    const denied = await app.inject({ url: url(hidden), headers: as('feast') });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.message).toContain(hidden);
    expect(denied.json().error.message).not.toContain('did you mean');
    const allowed = await app.inject({ url: url(hidden), headers: as('viewer') });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().node).toBe(hidden);
    const own = await app.inject({ url: url('dataset:feast://prod:customer_features'), headers: as('feast') });
    expect(own.json().upstreamNodes).toBeGreaterThan(0);
  });

  it('lets a scoped editor write only inside its namespaces', async () => {
    const inside = await app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: as('feastEditor'),
      payload: runEvent('feast://prod', 'more_features', 'raw_customers', 'more', 4),
    });
    expect(inside.statusCode).toBe(201);
    const outside = await app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: as('feastEditor'),
      payload: runEvent('postgres://crm', 'sneaky', 'orders', 'copy', 5),
    });
    expect(outside.statusCode).toBe(400);
    expect(JSON.stringify(outside.json())).toContain('outside its namespaces');
    expect(await store.getNode('dataset:postgres://crm:copy')).toBeNull();
  });

  it('keeps token management to admins and stops a revoked token at once', async () => {
    const denied = await app.inject({
      method: 'POST',
      url: '/api/v2/tokens',
      headers: as('editor'),
      payload: { role: 'viewer' },
    });
    expect(denied.statusCode).toBe(403);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v2/tokens',
      headers: as('admin'),
      payload: { role: 'viewer', namespaces: ['feast://prod'], scopes: ['pii:read'], expires: '90d' },
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^rl_/);
    expect(token.expiresAt).not.toBeNull();
    const listed = await app.inject({ url: '/api/v2/tokens', headers: as('admin') });
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    const headers = { authorization: `Bearer ${secret}` };
    expect((await app.inject({ url: '/api/v1/namespaces', headers })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v2/tokens/${token.id}`, headers: as('admin') })).statusCode,
    ).toBe(200);
    expect((await app.inject({ url: '/api/v1/namespaces', headers })).statusCode).toBe(401);
    const audit = await app.inject({ url: '/api/v2/audit?source=admin', headers: as('admin') });
    const actions = audit.json().records.map((r: { action: string }) => r.action);
    expect(actions.slice(0, 2)).toEqual(['token.revoke', 'token.create']);
  });

  it('filters the audit trail by actor and node', async () => {
    const editorId = (await store.listTokens()).find((t) => t.description === 'editor')?.id ?? '';
    const byActor = await app.inject({ url: `/api/v2/audit?actor=${editorId}`, headers: as('admin') });
    expect(byActor.json().total).toBe(2);
    const byNode = await app.inject({
      url: `/api/v2/audit?node=${encodeURIComponent('dataset:postgres://crm:orders')}`,
      headers: as('admin'),
    });
    expect(byNode.json().records.map((r: { source: string }) => r.source)).toEqual(['openlineage']);
  });

  it('signs the web UI in with a read-only session cookie', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const bad = await app.inject({ method: 'POST', url: '/login', headers: form, payload: 'token=rl_wrong' });
    expect(bad.statusCode).toBe(401);
    expect((await app.inject({ url: '/login' })).headers['content-type']).toContain('text/html');
    const signed = await app.inject({
      method: 'POST',
      url: '/login',
      headers: form,
      payload: `token=${encodeURIComponent(secrets.feast ?? '')}`,
    });
    expect(signed.statusCode).toBe(303);
    expect(signed.headers.location).toBe('/');
    const cookie = String(signed.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const session = { cookie: cookie.split(';')[0] ?? '' };
    const read = await app.inject({ url: '/api/v1/namespaces', headers: session });
    expect(read.json().namespaces.map((n: { name: string }) => n.name)).toEqual(['feast://prod']);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { ...session, 'content-type': 'text/plain' },
      payload: JSON.stringify(runEvent('feast://prod', 'csrf', 'a', 'b', 6)),
    });
    expect(write.statusCode, write.body).toBe(401);
  });

  it('returns the UI to where it was after signing in, and only ever to a path on this server', async () => {
    const back = '/#/node?id=dataset:feast://prod:a';
    const form = await app.inject({ url: `/login?next=${encodeURIComponent(back)}` });
    expect(form.body).toContain('name="next" value="/#/node?id=dataset:feast://prod:a"');
    const signIn = (next: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `token=${encodeURIComponent(secrets.feast ?? '')}&next=${encodeURIComponent(next)}`,
      });
    expect((await signIn(back)).headers.location).toBe(back);
    for (const hostile of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\r\nSet-Cookie: x=1',
    ]) {
      const answer = await signIn(hostile);
      expect(answer.statusCode, hostile).toBe(303);
      expect(answer.headers.location, hostile).toBe('/');
    }
    const quoted = await app.inject({ url: `/login?next=${encodeURIComponent('/"><script>x</script>')}` });
    expect(quoted.body).not.toContain('<script>x');
  });

  it('keeps retention to admins and records the checkpoint with the admin as actor', async () => {
    const url = '/api/v2/retention/apply';
    expect(
      (await app.inject({ method: 'POST', url, headers: as('editor'), payload: { events: '0s' } })).statusCode,
    ).toBe(403);
    const applied = await app.inject({ method: 'POST', url, headers: as('admin'), payload: { events: '0s' } });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ events: 2 });
    const checkpoint = await store.getEvent(applied.json().checkpoint);
    const adminId = (await store.listTokens()).find((t) => t.description === 'admin')?.id;
    expect(checkpoint).toMatchObject({ source: 'retention', actor: adminId });
    const verify = await app.inject({ url: '/api/v2/events/verify', headers: as('viewer') });
    expect(verify.json()).toMatchObject({ ok: true });
  });
});
