import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { apply, node, T } from '../store/builders.js';
import { createTestServer, type TestServer } from './test-server.js';

const q = encodeURIComponent;

describe('analysis routes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
    await seedChurnGraph(server.store);
  });
  afterEach(async () => server.close());

  it('GET /api/v2/impact answers the documented JSON with live deployments first', async () => {
    const response = await server.app.inject(`/api/v2/impact?node=${q(ids.crmAge)}&change=drop`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.node).toBe(ids.crmAge);
    expect(body.partial).toBe(false);
    expect(body.affected[0]).toMatchObject({
      id: ids.deployment,
      kind: 'deployment',
      live: true,
      severity: 'breaking',
    });
    expect(Object.keys(body.affected[0]).sort()).toEqual([
      'depth',
      'id',
      'kind',
      'live',
      'name',
      'owners',
      'path',
      'severity',
      'subtype',
    ]);
    expect(body.summary.deployments).toBe(1);
  });

  it('GET /api/v2/impact?format=csv downloads CSV with formula-like cells neutralised', async () => {
    await apply(server.store, { nodes: [node(ids.deployment, T(4), { owners: [{ name: '=HYPERLINK("x")' }] })] });
    const response = await server.app.inject(`/api/v2/impact?node=${q(ids.crmAge)}&format=csv`);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,kind,subtype,name,depth,severity,live,owners,path');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('answers 404 naming the id for an unknown node and 400 naming the field for a bad change or window', async () => {
    const missing = await server.app.inject(
      `/api/v2/impact?node=${q('datasetField:postgres://crm:5432:crm.customers:nope')}`,
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('crm.customers:nope');
    const badChange = await server.app.inject(`/api/v2/impact?node=${q(ids.crmAge)}&change=explode`);
    expect(badChange.statusCode).toBe(400);
    expect(badChange.json().error.path).toBe('query.change');
    const badWindow = await server.app.inject(`/api/v2/root-cause?node=${q(ids.deployment)}&since=7x`);
    expect(badWindow.statusCode).toBe(400);
    expect(badWindow.json().error.message).toMatch(/query\.since: .*s, m, h, d or w/);
    const badEnd = await server.app.inject('/api/v2/changes?since=7d&asOf=tomorrow');
    expect(badEnd.statusCode).toBe(400);
    expect(badEnd.json().error.path).toBe('query.asOf');
    const badLimit = await server.app.inject('/api/v2/health?limit=0');
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.path).toBe('query.limit');
  });

  it('GET /api/v2/root-cause ranks a failed upstream run, citing the record GET /api/v2/events serves', async () => {
    const failing = await apply(server.store, {
      runs: [
        {
          runId: '44444444-4444-4444-8444-444444444444',
          jobId: ids.build,
          eventType: 'FAIL',
          eventTime: new Date(Date.now() - 3_600_000).toISOString(),
          facets: {},
          inputVersions: [],
          outputVersions: [],
        },
      ],
    });
    const response = await server.app.inject(`/api/v2/root-cause?node=${q(ids.deployment)}&since=1d`);
    expect(response.statusCode).toBe(200);
    expect(response.json().candidates[0]).toMatchObject({ kind: 'failed_run', node: ids.build });
    // The evidence names the record that reported the failure, which the event log serves.
    expect(response.json().candidates[0].evidence[0].eventSeq).toBe(failing);
    const record = await server.app.inject(`/api/v2/events/${failing}`);
    expect(record.statusCode).toBe(200);
    const stored = await server.store.getEvent(failing);
    expect(record.json()).toMatchObject({ seq: failing, hash: stored?.hash, payload: stored?.payload });
    const missing = await server.app.inject('/api/v2/events/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('999999');
    const badSeq = await server.app.inject('/api/v2/events/first');
    expect(badSeq.statusCode).toBe(400);
    expect(badSeq.json().error.path).toBe('params.seq');
    // The build job is five steps up: deployment, model version, training set, feature view, features.
    expect(response.json().candidates[0].distance).toBe(5);
    const shallow = await server.app.inject(`/api/v2/root-cause?node=${q(ids.deployment)}&since=1d&depth=4`);
    expect(shallow.json()).toMatchObject({ candidates: [], partial: true });
    const badDepth = await server.app.inject(`/api/v2/root-cause?node=${q(ids.deployment)}&depth=0`);
    expect(badDepth.statusCode).toBe(400);
    expect(badDepth.json().error.path).toBe('query.depth');
    // As of two hours ago the run had not failed yet; until and asOf name the same bound.
    const before = new Date(Date.now() - 7_200_000).toISOString();
    const then = await server.app.inject(`/api/v2/root-cause?node=${q(ids.deployment)}&since=1d&asOf=${before}`);
    expect(then.json()).toMatchObject({ until: before });
    expect(then.json().candidates.map((c: { kind: string }) => c.kind)).not.toContain('failed_run');
    const both = await server.app.inject(
      `/api/v2/root-cause?node=${q(ids.deployment)}&asOf=${before}&until=${new Date().toISOString()}`,
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().error.path).toBe('query.asOf');
  });

  it('GET /api/v2/pii, /api/v2/health and /api/v2/changes answer their reports', async () => {
    const pii = await server.app.inject('/api/v2/pii');
    expect(pii.json().tagged).toEqual([ids.crmEmail]);
    const health = await server.app.inject('/api/v2/health');
    expect(health.json().sections.map((s: { check: string }) => s.check)).toContain('undeclared_sources');
    const changes = await server.app.inject('/api/v2/changes?since=30d');
    expect(changes.statusCode).toBe(200);
    expect(changes.json().changes).toEqual([]);
  });

  it('shows PII state on node and lineage reads', async () => {
    await apply(server.store, { nodes: [node(ids.crmAge, T(4), { tags: ['pii'] })] });
    const read = await server.app.inject(`/api/v2/nodes/${q(ids.staging)}`);
    const fields = read.json().fields as { id: string; pii: string | null; piiOrigins: string[] }[];
    expect(fields.find((f) => f.id === ids.stagingAge)).toMatchObject({ pii: 'derived', piiOrigins: [ids.crmAge] });
    expect(fields.find((f) => f.id === ids.stagingEmailHash)?.pii).toBeNull();
    expect(read.json().node.pii).toBe('derived');
    const lineage = await server.app.inject(
      `/api/v2/lineage?node=${q(ids.crmAge)}&level=column&direction=downstream&depth=10`,
    );
    const model = lineage.json().nodes.find((n: { id: string }) => n.id === ids.modelVersion);
    expect(model.pii).toBe('derived');
  });

  it('PATCH /api/v2/nodes/{id} annotates and rejects unknown fields', async () => {
    const ok = await server.app.inject({
      method: 'PATCH',
      url: `/api/v2/nodes/${q(ids.billing)}`,
      payload: { addOwners: ['finance@acme.example'], addTags: ['gold'] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().node.owners).toEqual([{ name: 'finance@acme.example' }]);
    const bad = await server.app.inject({
      method: 'PATCH',
      url: `/api/v2/nodes/${q(ids.billing)}`,
      payload: { owner: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await server.store.getNode(ids.billing))?.tags).toEqual(['gold']);
  });
});
