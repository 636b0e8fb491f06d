import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from '../../src/cli/http-client.js';
import { InputError, NotFoundError } from '../../src/model/errors.js';

describe('the CLI HTTP client', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', auth: request.headers.authorization });
      const reply = (status: number, body: string) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body);
      };
      if (request.url?.includes('/bad')) {
        reply(
          400,
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'depth is wrong',
              path: 'depth',
              issues: [{ path: 'depth', message: 'too big' }],
            },
          }),
        );
      } else if (request.url?.includes('/missing')) {
        reply(404, JSON.stringify({ error: { name: 'NotFoundError', message: "no node 'x'", suggestions: ['y'] } }));
      } else if (request.url?.includes('/broken')) {
        reply(502, 'upstream gone');
      } else {
        reply(200, JSON.stringify({ ok: true }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const ok = z.object({ ok: z.boolean() });

  it('keeps the path prefix of the server URL, sends the query and the bearer token', async () => {
    const client = createHttpClient(`${base}/rootline`, { token: 'secret' });
    await expect(
      client.get('/api/v2/lineage', { node: 'dataset:a:b', depth: 3, asOf: undefined }, ok),
    ).resolves.toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({
      method: 'GET',
      url: '/rootline/api/v2/lineage?node=dataset%3Aa%3Ab&depth=3',
      auth: 'Bearer secret',
    });
  });

  it('turns error bodies back into the typed errors, keeping paths, issues and suggestions', async () => {
    const client = createHttpClient(base);
    const bad = await client.get('/bad', {}, ok).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(InputError);
    expect(bad).toMatchObject({
      message: 'depth is wrong',
      path: 'depth',
      issues: [{ path: 'depth', message: 'too big' }],
    });
    const missing = await client.get('/missing', {}, ok).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ suggestions: ['y'] });
  });

  it('reports a status without a Rootline error body, and an answer of the wrong shape', async () => {
    const client = createHttpClient(base);
    await expect(client.get('/broken', {}, ok)).rejects.toThrow('GET /broken answered 502: upstream gone');
    await expect(client.get('/fine', {}, z.object({ nodes: z.array(z.string()) }))).rejects.toThrow(
      /^unexpected answer from GET \/fine: nodes: /,
    );
  });
});
