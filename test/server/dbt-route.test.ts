import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDbtProject, readProfiles } from '../helpers/dbt-fixtures.js';
import { createTestServer, type TestServer } from './test-server.js';

describe('POST /api/v2/ingest/dbt', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await createTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const post = (payload: unknown) =>
    server.app.inject({ method: 'POST', url: '/api/v2/ingest/dbt', payload: payload as Record<string, unknown> });

  it('records the artifacts with 201, then answers 200 for the same artifacts', async () => {
    const { manifest, runResults } = loadDbtProject('postgres');
    const first = await post({ manifest, runResults, namespace: 'postgres://db:5432' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'accepted',
      namespace: 'postgres://db:5432',
      summary: { project: 'jaffle_shop', datasets: 8, jobs: 8, assertions: 20, runs: 5 },
    });
    const again = await post({ manifest, runResults, namespace: 'postgres://db:5432' });
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('duplicate');
    const node = await server.app.inject({
      method: 'GET',
      url: `/api/v2/nodes/${encodeURIComponent('dataset:postgres://db:5432:postgres.public.orders')}`,
    });
    expect(node.statusCode).toBe(200);
  });

  it('derives the namespace from profiles.yml sent as text', async () => {
    const { manifest } = loadDbtProject('snowflake');
    const response = await post({ manifest, profiles: readProfiles('snowflake'), target: 'prod' });
    expect(response.statusCode).toBe(201);
    expect(response.json().namespace).toBe('snowflake://myorg-prod');
  });

  it('names the unsupported manifest version with 400 and writes nothing', async () => {
    const manifest = structuredClone(loadDbtProject('postgres').manifest) as { metadata: Record<string, unknown> };
    manifest.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/manifest/v3.json';
    const response = await post({ manifest, namespace: 'postgres://db:5432' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      name: 'InputError',
      message: 'dbt manifest schema v3 is not supported; Rootline reads v4 to v12',
      path: 'manifest.metadata.dbt_schema_version',
    });
    expect((await server.store.listEvents({})).total).toBe(0);
  });

  it('rejects a body without a manifest', async () => {
    const response = await post({ catalog: {} });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.path).toMatch(/^body\.manifest/);
  });

  it('refuses to read the server environment for env_var without a default', async () => {
    const { manifest } = loadDbtProject('postgres');
    const profiles =
      'p:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: "{{ env_var(\'HOME\') }}"\n';
    const response = await post({ manifest, profiles });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('profiles.yml needs the environment variable HOME, which is not set');
  });
});
