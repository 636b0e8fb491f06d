import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadDemo } from '../../src/demo/load-demo.js';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

export interface DemoServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/**
 * A Rootline server on a free loopback port with the demo loaded into an in-memory database and
 * the built UI (`web/dist`) served at `/`, as `npm start` would serve it.
 */
export async function startDemoServer(options: { now?: Date } = {}): Promise<DemoServer> {
  const store = await openStore({ db: ':memory:' });
  await loadDemo(
    { openLineage: (events) => ingestOpenLineage(store, events, { strict: false, actor: null }) },
    options.now ? { now: options.now } : {},
  );
  const app = await createApp({ store, webRoot: join(import.meta.dirname, '..', '..', 'web', 'dist') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the demo server is not listening on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    store,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
