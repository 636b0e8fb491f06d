import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, DB, enc, pipelineEvents, type TestServer } from '../server/test-server.js';

describe('event stream and drift routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(() => server.close());

  it('streams new runs, versions and incidents as server-sent events', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/v2/events/stream`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const [first] = pipelineEvents();
    await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: first });
    await server.app.inject({
      method: 'POST',
      url: '/api/v2/incidents',
      payload: { node: `dataset:${DB}:raw.orders`, title: 'late' },
    });
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('event: incident')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    controller.abort();
    expect(text).toContain('event: run');
    expect(text).toContain('"job":"job:etl:load_orders"');
    expect(text).toContain('event: incident');
  });

  it('answers drift for every deployment, and refuses a node kind it cannot measure', async () => {
    const all = await server.app.inject({ url: '/api/v2/drift?since=7d' });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ deployments: [], datasets: [] });
    await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: pipelineEvents() });
    const job = await server.app.inject({ url: `/api/v2/drift?node=${enc('job:etl:load_orders')}` });
    expect(job.statusCode).toBe(400);
    const badSince = await server.app.inject({ url: '/api/v2/drift?since=yesterday-ish' });
    expect(badSince.statusCode).toBe(400);
    expect(badSince.json().error.path).toContain('since');
  });
});
