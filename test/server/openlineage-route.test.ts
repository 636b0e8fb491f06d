import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, ORDERS_CLEAN, RAW_ORDERS, runEvent, type TestServer } from './test-server.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/server/${name}`, import.meta.url), 'utf8'));

const event = runEvent({
  eventType: 'COMPLETE',
  eventTime: '2026-10-01T06:00:00Z',
  runId: '5f0c1c2e-7d1a-4f53-9a0e-1b2c3d4e5f60',
  job: 'load_orders',
  inputs: [RAW_ORDERS],
  outputs: [ORDERS_CLEAN],
});

async function eventCount(server: TestServer): Promise<number> {
  return (await server.store.listEvents({ limit: 1 })).total;
}

describe('POST /api/v1/lineage', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server?.close();
  });

  it('records one event with 201 and answers a replay of it with 200 duplicate', async () => {
    const first = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: event });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'accepted', warnings: [] });
    expect(first.json().seq).toEqual(expect.any(Number));
    const again = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: event });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate', seq: first.json().seq });
    expect(await eventCount(server)).toBe(1);
    expect(await server.store.getNode('dataset:postgres://db:5432:public.orders_clean')).not.toBeNull();
  });

  it('rejects an event without a runId with 400 naming run.runId and stores nothing', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      payload: fixture('event_no_run_id.json'),
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.name).toBe('InputError');
    expect(error.issues.map((issue: { path: string }) => issue.path).join(' ')).toContain('runId');
    expect(await eventCount(server)).toBe(0);
  });

  it('lists the JSON path of every problem of an event with several wrong types', async () => {
    const bad = { ...event, run: { runId: 7 }, job: { namespace: 42, name: 'x' } };
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: bad });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.issues.map((issue: { path: string }) => issue.path);
    expect(paths.some((path: string) => path.includes('runId'))).toBe(true);
    expect(paths.some((path: string) => path.includes('job') && path.includes('namespace'))).toBe(true);
    expect(await eventCount(server)).toBe(0);
  });

  it('rejects an unknown event type with 400', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      payload: { ...event, eventType: 'EXPLODED' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/eventType/);
    expect(await eventCount(server)).toBe(0);
  });

  it('keeps the lineage of an event whose ownership facet is invalid and answers a warning naming the facet', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      payload: fixture('event_invalid_dataset_facet.json'),
    });
    expect(response.statusCode).toBe(201);
    const warnings = response.json().warnings;
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0].path).toContain('ownership');
    expect(await server.store.getNode('dataset:my-datasource-namespace:instance.schema.output-1')).not.toBeNull();
  });

  it('rejects that event with ?strict=true and stores nothing', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage?strict=true',
      payload: fixture('event_invalid_dataset_facet.json'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.issues[0].path).toContain('ownership');
    expect(await eventCount(server)).toBe(0);
  });

  it('rejects that event when the server itself is strict', async () => {
    const strict = await createTestServer({ strict: true });
    try {
      const response = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        payload: fixture('event_invalid_output_dataset_facet.json'),
      });
      expect(response.statusCode).toBe(400);
      expect(await eventCount(strict)).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('answers a batch with an outcome per event and keeps going past a rejected one', async () => {
    const batch = [event, fixture('event_no_run_id.json'), fixture('event_simple.json'), event];
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: batch });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.summary).toEqual({ accepted: 2, duplicate: 1, rejected: 1 });
    expect(body.results.map((outcome: { status: string }) => outcome.status)).toEqual([
      'accepted',
      'rejected',
      'accepted',
      'duplicate',
    ]);
    expect(body.results[1].index).toBe(1);
    expect(body.results[1].errors.length).toBeGreaterThan(0);
    expect(await eventCount(server)).toBe(2);
  });

  it('takes a batch as NDJSON', async () => {
    const ndjson = `${JSON.stringify(event)}\n\n${JSON.stringify(fixture('event_simple.json'))}\n`;
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: ndjson,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().summary).toEqual({ accepted: 2, duplicate: 0, rejected: 0 });
  });

  it('names the line of NDJSON that is not JSON and stores nothing', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(event)}\n{not json\n`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/line 2/);
    expect(await eventCount(server)).toBe(0);
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/json' },
      payload: '{"eventType": "START", ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ name: 'InputError', path: 'body' });
    expect(response.json().error.message).toMatch(/not valid JSON/);
    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect(await eventCount(server)).toBe(0);
  });

  it('answers an empty body, an empty batch and a non-object body with 400', async () => {
    const empty = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    const emptyBatch = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: [] });
    expect(emptyBatch.statusCode).toBe(400);
    expect(emptyBatch.json().error.message).toMatch(/empty/);
    const scalar = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/json' },
      payload: '42',
    });
    expect(scalar.statusCode).toBe(400);
    expect(scalar.json().error.path).toBe('body');
  });

  it('answers a body over the limit with 413 naming the limit, and stores nothing', async () => {
    const small = await createTestServer({ bodyLimit: 1024 });
    try {
      const big = { ...event, run: { runId: event.run.runId, facets: { pad: { text: 'x'.repeat(4096) } } } };
      const response = await small.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: big });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.message).toContain('1024');
      expect(await eventCount(small)).toBe(0);
      const ok = await small.app.inject({ method: 'GET', url: '/health' });
      expect(ok.statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('reads JSON sent as text/plain, as some producers label it', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(event),
    });
    expect(response.json()).toMatchObject({ status: 'accepted' });
    expect(response.statusCode).toBe(201);
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/xml' },
      payload: '<event/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toMatch(/application\/json/);
  });

  it('rejects a prototype-poisoning body with 400', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"polluted": true}}',
    });
    expect(response.statusCode).toBe(400);
    expect(await eventCount(server)).toBe(0);
  });

  it('takes a gzip-compressed body, as the OpenLineage HTTP transport sends with compression on', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify([event, fixture('event_simple.json')])),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().summary).toEqual({ accepted: 2, duplicate: 0, rejected: 0 });
  });

  it('applies the body limit to the decompressed size and rejects a body that is not gzip', async () => {
    const small = await createTestServer({ bodyLimit: 2048 });
    try {
      const padded = { ...event, run: { runId: event.run.runId, facets: { pad: { text: 'x'.repeat(100_000) } } } };
      const compressed = gzipSync(JSON.stringify(padded));
      expect(compressed.length).toBeLessThan(2048);
      const bomb = await small.app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload: compressed,
      });
      expect(bomb.statusCode).toBe(413);
      const garbage = await small.app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        payload: 'not gzip at all',
      });
      expect(garbage.statusCode).toBe(400);
      expect(garbage.json().error.message).toMatch(/Content-Encoding/);
      expect(await eventCount(small)).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('refuses a batch with more events than the limit and stores nothing', async () => {
    const limited = await createTestServer({ maxBatchEvents: 2 });
    try {
      const response = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        payload: [event, fixture('event_simple.json'), event],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/3 events, more than the limit of 2/);
      expect(await eventCount(limited)).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it('answers ?strict=maybe with 400 naming query.strict', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/v1/lineage?strict=maybe', payload: event });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.path).toBe('query.strict');
  });
});
