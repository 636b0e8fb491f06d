import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-server.js';

describe('health, docs, headers and unknown routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers /health with ok and the engine', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', engine: 'sqlite' });
  });

  it('serves an OpenAPI document listing the v1 and v2 routes with their parameters', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/lineage',
        '/api/v1/namespaces/{namespace}/datasets/{dataset}',
        '/api/v1/column-lineage',
        '/api/v2/lineage',
        '/api/v2/diff',
        '/api/v2/nodes/{id}',
      ]),
    );
    const parameters = document.paths['/api/v2/lineage'].get.parameters.map(
      (parameter: { name: string }) => parameter.name,
    );
    expect(parameters).toEqual(expect.arrayContaining(['node', 'direction', 'depth', 'level', 'asOf']));
  });

  it('serves a readable HTML page at /api/docs that loads nothing from elsewhere', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('/api/v2/lineage');
    expect(response.body).not.toMatch(/<script|https?:\/\/(?!openlineage)/);
  });

  it('ignores a trailing slash', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('sets security headers and marks API answers not cacheable', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/namespaces' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a store failure with 500, its request id and nothing of the failure, and keeps serving', async () => {
    const failing = Object.create(server.store, {
      listNamespaces: {
        value: async () => {
          throw new Error('SQLITE_IOERR: disk I/O error at /srv/rootline/rootline.db');
        },
      },
    });
    const { createApp } = await import('../../src/server/app.js');
    const app = await createApp({ store: failing });
    try {
      const response = await app.inject({ method: 'GET', url: '/api/v1/namespaces' });
      expect(response.statusCode).toBe(500);
      expect(response.json().error).toEqual({
        name: 'InternalError',
        message: 'internal server error',
        requestId: response.headers['x-request-id'],
      });
      expect(response.body).not.toMatch(/SQLITE|rootline\.db|at /);
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('/api/v1/nothing-here'),
    });
  });
});

describe('the web UI', () => {
  let server: TestServer;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'rootline-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Rootline UI</title>');
    writeFileSync(join(webRoot, 'app.js'), 'export const ui = 1;');
    server = await createTestServer({ webRoot });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves index.html at / and the built files by path', async () => {
    const index = await server.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('Rootline UI');
    const script = await server.app.inject({ method: 'GET', url: '/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('export const ui');
  });

  it('falls back to index.html for deep links that are not API paths', async () => {
    const response = await server.app.inject({ method: 'GET', url: `/lineage/${encodeURIComponent('dataset:a:b')}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Rootline UI');
  });

  it('keeps JSON 404s for unknown API paths', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v2/unknown' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.name).toBe('NotFoundError');
  });
});
