import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rootline, runEvent, tempDir } from '../helpers/cli.js';
import { createTestServer, DB, enc, seedPipeline, type TestServer } from '../server/test-server.js';

const ORDERS = `dataset:${DB}:public.orders_clean`;
const REVENUE = `dataset:${DB}:public.revenue`;

describe('incident routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
    await seedPipeline(server.app);
  });
  afterEach(() => server.close());

  it('opens an incident that then shows on the reads of nodes downstream, until it is resolved', async () => {
    const opened = await server.app.inject({
      method: 'POST',
      url: '/api/v2/incidents',
      payload: { node: ORDERS, title: 'duplicated orders', severity: 'high' },
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().incident.id as string;
    const read = (await server.app.inject({ url: `/api/v2/nodes/${enc(REVENUE)}` })).json();
    // One pipeline step up, as root cause counts it.
    expect(read.incidents).toEqual([expect.objectContaining({ id, nodeId: ORDERS, distance: 1 })]);
    const cause = (await server.app.inject({ url: `/api/v2/root-cause?node=${enc(REVENUE)}&since=1d` })).json();
    expect(cause.candidates[0]).toMatchObject({ kind: 'incident', node: ORDERS, distance: 1 });
    const upstreamOf = (await server.app.inject({ url: `/api/v2/incidents?upstreamOf=${enc(REVENUE)}` })).json();
    expect(upstreamOf.incidents).toEqual([expect.objectContaining({ id, distance: 1, path: read.incidents[0].path })]);
    const openedAt = opened.json().incident.openedAt as string;
    const patched = await server.app.inject({
      method: 'PATCH',
      url: `/api/v2/incidents/${id}`,
      payload: { note: 'root cause: replayed file' },
    });
    expect(patched.json().incident.notes).toHaveLength(1);
    const resolved = await server.app.inject({ method: 'POST', url: `/api/v2/incidents/${id}/resolve`, payload: {} });
    expect(resolved.json().incident.status).toBe('resolved');
    expect((await server.app.inject({ url: `/api/v2/nodes/${enc(REVENUE)}` })).json().incidents).toEqual([]);
    const listed = (await server.app.inject({ url: '/api/v2/incidents?status=resolved' })).json();
    expect(listed.incidents.map((incident: { id: string }) => incident.id)).toEqual([id]);
    // Open at a time between its opening and its resolution, not after.
    const openThen = (await server.app.inject({ url: `/api/v2/incidents?asOf=${enc(openedAt)}` })).json();
    expect(openThen.incidents.map((incident: { id: string }) => incident.id)).toEqual([id]);
    const now = new Date().toISOString();
    expect((await server.app.inject({ url: `/api/v2/incidents?asOf=${enc(now)}` })).json().incidents).toEqual([]);
  });

  it('rejects bad incident input with the path of the field, and unknown nodes and ids with 404', async () => {
    const noTitle = await server.app.inject({ method: 'POST', url: '/api/v2/incidents', payload: { node: ORDERS } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.path).toContain('title');
    const badSeverity = await server.app.inject({
      method: 'POST',
      url: '/api/v2/incidents',
      payload: { node: ORDERS, title: 'x', severity: 'urgent' },
    });
    expect(badSeverity.statusCode).toBe(400);
    const unknownNode = await server.app.inject({
      method: 'POST',
      url: '/api/v2/incidents',
      payload: { node: `dataset:${DB}:nope`, title: 'x' },
    });
    expect(unknownNode.statusCode).toBe(404);
    const emptyPatch = await server.app.inject({ method: 'PATCH', url: '/api/v2/incidents/abc', payload: {} });
    expect(emptyPatch.statusCode).toBe(400);
    expect((await server.app.inject({ url: '/api/v2/incidents/abc' })).statusCode).toBe(404);
  });
});

describe('rootline incident', () => {
  it('opens, lists and resolves an incident on a local database', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = `${dir}/r.db`;
      const event = runEvent({ outputs: [{ namespace: 'pg', name: 'orders' }] });
      const ingested = await rootline(['ingest', 'openlineage', '-', '--db', db], { stdin: JSON.stringify(event) });
      expect(ingested.code).toBe(0);
      const opened = await rootline(['incident', 'open', 'dataset:pg:orders', '--title', 'late', '--db', db, '--json']);
      expect(opened.code).toBe(0);
      const id = JSON.parse(opened.stdout).id as string;
      const listed = await rootline(['incident', 'list', '--status', 'open', '--db', db]);
      expect(listed.stdout).toContain(id);
      const resolved = await rootline(['incident', 'resolve', id, '--note', 'fixed', '--db', db, '--json']);
      expect(JSON.parse(resolved.stdout).status).toBe('resolved');
      const bad = await rootline([
        'incident',
        'open',
        'dataset:pg:orders',
        '--title',
        'x',
        '--severity',
        'huge',
        '--db',
        db,
      ]);
      expect(bad.code).toBe(2);
    } finally {
      cleanup();
    }
  });
});
