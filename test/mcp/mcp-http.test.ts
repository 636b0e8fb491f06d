import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { decorateActor } from '../../src/server/request-actor.js';
import { registerMcpRoutes } from '../../src/server/routes/mcp.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { callTool, structured, TOOL_NAMES, textOf } from './connect.js';
import { AGE, DEPLOYMENT, seedChurnLineage } from './seed-lineage.js';

let store: Store;
let app: FastifyInstance;
let url: URL;

beforeAll(async () => {
  store = await openStore({ db: ':memory:' });
  await seedChurnLineage(store);
  app = await createApp({ store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address: AddressInfo | string | null = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address');
  url = new URL(`http://127.0.0.1:${address.port}/mcp`);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function connect(): Promise<Client> {
  const client = new Client({ name: 'rootline-http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url));
  return client;
}

describe('MCP over streamable HTTP at /mcp', () => {
  it('lists the tools and answers tool calls, resources and prompts', async () => {
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOL_NAMES].sort());
      const impact = await callTool(client, 'impact_analysis', { node: AGE, change: 'drop' });
      expect(impact.isError).toBeFalsy();
      expect(JSON.stringify(structured(impact).affected)).toContain(DEPLOYMENT);
      const { contents } = await client.readResource({ uri: `rootline://node/${encodeURIComponent(DEPLOYMENT)}` });
      expect(contents[0]?.uri).toContain('rootline://node/');
      const { prompts } = await client.listPrompts();
      expect(prompts).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('answers invalid input with a tool error naming the closest ids', async () => {
    const client = await connect();
    try {
      const result = await callTool(client, 'get_lineage', { node: `${AGE}x` });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(AGE);
      const bad = await callTool(client, 'get_lineage', { node: AGE, direction: 'sideways' });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/direction/);
    } finally {
      await client.close();
    }
  });

  it('serves every client statelessly: no session id, and GET streams are refused with 405', async () => {
    const initialize = await app.inject({
      method: 'POST',
      url: '/mcp',
      headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' },
      payload: {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'inject', version: '1' } },
      },
    });
    expect(initialize.statusCode).toBe(200);
    expect(initialize.headers['mcp-session-id']).toBeUndefined();
    expect(initialize.json()).toMatchObject({ id: 1, result: { serverInfo: { name: 'rootline' } } });
    const stream = await app.inject({ method: 'GET', url: '/mcp', headers: { accept: 'text/event-stream' } });
    expect(stream.statusCode).toBe(405);
    expect(stream.headers.allow).toBe('POST');
  });
});

describe('/mcp behind an authentication hook', () => {
  it('is refused without credentials and served with them, like every other route', async () => {
    const secured = Fastify();
    decorateActor(secured);
    secured.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization !== 'Bearer good')
        return reply.status(401).send({ error: { name: 'AuthError' } });
      request.actor = 'token-1';
    });
    registerMcpRoutes(secured, { store, strict: false, maxBatchEvents: 10 });
    await secured.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = secured.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      const endpoint = new URL(`http://127.0.0.1:${address.port}/mcp`);
      const anonymous = new Client({ name: 'anonymous', version: '1' });
      await expect(anonymous.connect(new StreamableHTTPClientTransport(endpoint))).rejects.toThrow(/AuthError/);
      const authorized = new Client({ name: 'authorized', version: '1' });
      await authorized.connect(
        new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { authorization: 'Bearer good' } } }),
      );
      const { tools } = await authorized.listTools();
      expect(tools).toHaveLength(TOOL_NAMES.length);
      await authorized.close();
    } finally {
      await secured.close();
    }
  });
});
