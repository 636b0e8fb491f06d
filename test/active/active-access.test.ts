import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/server/auth/token-secret.js';
import type { TokenRole } from '../../src/store/store.js';
import { createTestServer, DB, pipelineEvents, type TestServer } from '../server/test-server.js';

const ORDERS = `dataset:${DB}:public.orders_clean`;

describe('access to incidents, subscriptions and alerts', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};

  beforeEach(async () => {
    server = await createTestServer({ authRequired: true });
    const issue = async (name: string, role: TokenRole, namespaces: string[] | null) => {
      const { secret } = await issueToken(
        server.store,
        { role, namespaces, scopes: [], description: name, expiresAt: null },
        null,
      );
      tokens[name] = secret;
    };
    await issue('admin', 'admin', null);
    await issue('viewer', 'viewer', null);
    await issue('editorDb', 'editor', [DB]);
    await issue('editorOther', 'editor', ['elsewhere']);
    const seeded = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: pipelineEvents(),
    });
    expect(seeded.statusCode).toBe(200);
  });
  afterEach(() => server.close());

  const call = (token: string | undefined, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    server.app.inject({
      method,
      url,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload ? { payload } : {}),
    });

  it('lets editors open incidents only in their namespaces, and viewers only read', async () => {
    const body = { node: ORDERS, title: 'broken' };
    expect((await call(undefined, 'POST', '/api/v2/incidents', body)).statusCode).toBe(401);
    expect((await call(tokens.viewer, 'POST', '/api/v2/incidents', body)).statusCode).toBe(403);
    // Outside its namespaces the node does not exist for the token.
    expect((await call(tokens.editorOther, 'POST', '/api/v2/incidents', body)).statusCode).toBe(404);
    const opened = await call(tokens.editorDb, 'POST', '/api/v2/incidents', body);
    expect(opened.statusCode).toBe(201);
    expect(opened.json().incident.openedBy).toMatch(/^tok_/);
    expect((await call(tokens.viewer, 'GET', '/api/v2/incidents')).json().total).toBe(1);
    expect((await call(tokens.editorOther, 'GET', '/api/v2/incidents')).json().total).toBe(0);
  });

  it('keeps subscriptions and the alert log to unscoped tokens', async () => {
    const subscription = { rule: { kind: 'lineage_gap' }, target: { kind: 'webhook', url: 'http://127.0.0.1:9/x' } };
    expect((await call(tokens.editorDb, 'POST', '/api/v2/subscriptions', subscription)).statusCode).toBe(403);
    expect((await call(tokens.viewer, 'POST', '/api/v2/subscriptions', subscription)).statusCode).toBe(403);
    expect((await call(tokens.admin, 'POST', '/api/v2/subscriptions', subscription)).statusCode).toBe(201);
    const listed = await call(tokens.viewer, 'GET', '/api/v2/subscriptions');
    expect(listed.statusCode).toBe(200);
    expect(JSON.stringify(listed.json())).not.toContain('secret');
    expect((await call(tokens.editorDb, 'GET', '/api/v2/alerts')).statusCode).toBe(403);
    expect((await call(tokens.viewer, 'GET', '/api/v2/alerts')).statusCode).toBe(200);
  });
});
