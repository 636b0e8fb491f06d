import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { startServer } from './main.js';

describe('startServer', () => {
  it('listens on the given host, answers /health over HTTP, and closes the server and the store', async () => {
    const store = await openStore({ db: ':memory:' });
    const server = await startServer({ store, port: 0, host: '127.0.0.1', handleSignals: false });
    expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.address}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
    await server.close();
    await server.close();
    await expect(fetch(`${server.address}/health`)).rejects.toThrow();
    await expect(store.listNamespaces()).rejects.toThrow();
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const listeners = process.listenerCount('SIGTERM');
    const store = await openStore({ db: ':memory:' });
    const server = await startServer({ store, port: 0 });
    expect(process.listenerCount('SIGTERM')).toBe(listeners + 1);
    process.emit('SIGTERM', 'SIGTERM');
    // close() is idempotent: this awaits the shutdown the signal started.
    await server.close();
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
    await expect(fetch(`${server.address}/health`)).rejects.toThrow();
    await expect(store.listNamespaces()).rejects.toThrow();
  });
});
