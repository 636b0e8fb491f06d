import { afterEach, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, getJson } from './http.js';

afterEach(() => vi.unstubAllGlobals());

it('sends the browser to the sign-in page, to come back where it was, when the server answers 401', async () => {
  const assign = vi.fn();
  vi.stubGlobal('window', { location: { pathname: '/', search: '', hash: '#/node?id=dataset:pg:a', assign } });
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () => new Response(JSON.stringify({ error: { name: 'AuthError', message: 'sign in' } }), { status: 401 }),
    ),
  );
  await expect(getJson('/api/v2/search', { q: 'a' }, z.object({}))).rejects.toBeInstanceOf(ApiError);
  expect(assign).toHaveBeenCalledWith(`/login?next=${encodeURIComponent('/#/node?id=dataset:pg:a')}`);
});

it('stays put on other errors', async () => {
  const assign = vi.fn();
  vi.stubGlobal('window', { location: { pathname: '/', search: '', hash: '', assign } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('no', { status: 404 })),
  );
  await expect(getJson('/api/v2/nodes/x', {}, z.object({}))).rejects.toMatchObject({ status: 404 });
  expect(assign).not.toHaveBeenCalled();
});
