import type { FastifyInstance } from 'fastify';
import type { LiveEvent, LiveEvents } from '../../active/live-events.js';
import { seesId } from '../auth/access.js';
import { currentAccess } from '../auth/access-context.js';
import type { RouteContext } from '../route-context.js';

/** Sent every 25 s so proxies keep the stream open. */
const HEARTBEAT_MS = 25_000;

function nodeOf(event: LiveEvent): string | null {
  switch (event.type) {
    case 'run':
      return event.job;
    case 'version':
      return event.dataset;
    case 'assertion':
    case 'incident':
      return event.node;
    case 'alert':
      return null;
  }
}

/**
 * `GET /api/v2/events/stream`: server-sent events announcing new runs, dataset versions,
 * assertion results, incidents and alerts as they happen (`event: run|version|assertion|incident|alert`,
 * `data:` the JSON). Reading needs the viewer role; a namespace-scoped token sees only the
 * events of nodes in its namespaces (and no alerts, which span every namespace).
 */
export function registerV2EventStreamRoutes(app: FastifyInstance, { store }: RouteContext, live: LiveEvents): void {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const end of [...open]) end();
  });
  app.get(
    '/api/v2/events/stream',
    {
      schema: {
        summary: 'Live events (server-sent events): runs, versions, assertions, incidents, alerts',
        tags: ['v2'],
      },
    },
    async (request, reply) => {
      // The role check every read makes (401/403 before the stream opens).
      await store.listNamespaces();
      const access = currentAccess();
      const visible = (event: LiveEvent): boolean => {
        if (!access || access.namespaces === null) return true;
        const id = nodeOf(event);
        return id !== null && seesId(access, id);
      };
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write(': rootline live events\n\n');
      const unsubscribe = live.subscribe((event) => {
        if (visible(event)) raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
}
