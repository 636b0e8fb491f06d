import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { annotateNode, annotationSchema } from '../../src/ingest/annotate/annotate-node.js';
import { emptyMutation } from '../../src/model/mutation.js';
import { createApp } from '../../src/server/app.js';
import { MASKED_VALUE } from '../../src/server/auth/mask-pii.js';
import { issueToken } from '../../src/server/auth/token-secret.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { callTool } from '../mcp/connect.js';
import { BIRTH_DATE, seedChurnLineage } from '../mcp/seed-lineage.js';

forEachEngine('PII masking of values that leave the server', (getStore) => {
  let app: FastifyInstance;
  let store: Store;
  let plain: string;
  let pii: string;
  let piiId: string;

  beforeEach(async () => {
    store = getStore();
    await seedChurnLineage(store);
    await annotateNode(store, BIRTH_DATE, annotationSchema.parse({ addTags: ['pii'] }), null);
    // An assertion on the tagged column whose details carry sampled values.
    const mutation = emptyMutation();
    mutation.assertionResults.push({
      nodeId: BIRTH_DATE,
      assertion: 'not_in_future',
      status: 'fail',
      at: '2026-10-03T00:00:00.000Z',
      runId: null,
      severity: 'error',
      details: { assertion: 'not_in_future', actual: ['2031-02-03', '2040-01-01'] },
    });
    await store.ingest({ source: 'apply', actor: null, payload: { assertion: 1 }, eventTime: null }, mutation);
    app = await createApp({ store, authRequired: true });
    const request = { role: 'viewer' as const, namespaces: null, description: null, expiresAt: null };
    plain = (await issueToken(store, { ...request, scopes: [] }, null)).secret;
    const withPii = await issueToken(store, { ...request, scopes: ['pii:read'] }, null);
    pii = withPii.secret;
    piiId = withPii.token.id;
  });

  afterEach(async () => {
    await app.close();
  });

  const get = (url: string, secret: string) => app.inject({ url, headers: { authorization: `Bearer ${secret}` } });

  it('masks derived-PII feature values of a prediction and its trace for a token without pii:read', async () => {
    const prediction = (await get('/api/v2/predictions/p-1', plain)).json();
    expect(prediction.features).toEqual({ age: MASKED_VALUE, tenure_days: 730 });
    const trace = (await get('/api/v2/predictions/p-1/trace', plain)).json();
    const age = trace.features.find((f: { name: string }) => f.name === 'age');
    expect(age.value).toBe(MASKED_VALUE);
    expect(JSON.stringify(trace)).not.toContain('41');
  });

  it('shows the values to a pii:read token and logs the read in the audit trail', async () => {
    const prediction = (await get('/api/v2/predictions/p-1', pii)).json();
    expect(prediction.features).toEqual({ age: 41, tenure_days: 730 });
    const reads = await store.listEvents({ source: 'audit', actor: piiId });
    expect(reads.items).toHaveLength(1);
    expect(reads.items[0]?.payload).toMatchObject({ action: 'pii.read', what: 'predictions', ids: ['p-1'] });
    expect(await store.verifyChain()).toMatchObject({ ok: true });
  });

  it('masks assertion sample values on a PII column but keeps what the check was', async () => {
    expect(await readAssertionDetails(store, plain)).toEqual({ assertion: 'not_in_future', actual: MASKED_VALUE });
    expect(await readAssertionDetails(store, pii)).toEqual({
      assertion: 'not_in_future',
      actual: ['2031-02-03', '2040-01-01'],
    });
  });

  it('masks the same values in MCP tool answers over HTTP', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as AddressInfo;
    const client = new Client({ name: 'pii-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${address.port}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${plain}` } },
      }),
    );
    try {
      const result = await callTool(client, 'trace_prediction', { prediction: 'p-1' });
      const text = JSON.stringify(result);
      expect(text).toContain(MASKED_VALUE);
      expect(text).toContain('730');
    } finally {
      await client.close();
    }
  });
});

/** Reads the assertion through the same scoped store the routes use, as the given token. */
async function readAssertionDetails(store: Store, secret: string): Promise<Record<string, unknown> | undefined> {
  const { authenticate } = await import('../../src/server/auth/auth-hook.js');
  const { runWithAccess } = await import('../../src/server/auth/access-context.js');
  const { ScopedStore } = await import('../../src/server/auth/scoped-store.js');
  const access = await authenticate(store, `Bearer ${secret}`);
  const scoped = new ScopedStore(store, () => access);
  const page = await runWithAccess(access, () => scoped.listAssertionResults({ nodeId: BIRTH_DATE }));
  return page.items[0]?.details;
}
