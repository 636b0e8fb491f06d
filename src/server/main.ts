import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ActiveRuntimeOptions } from '../active/active-runtime.js';
import { SqlStore } from '../store/sql-store.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';
import { cutoffsOf, type RetentionPolicy } from './retention/retention-policy.js';

export interface ServerOptions {
  store: Store;
  port?: number;
  host?: string;
  logger?: FastifyBaseLogger | boolean;
  strict?: boolean;
  bodyLimit?: number;
  maxBatchEvents?: number;
  /** The built UI; defaults to the package's `web/dist`. */
  webRoot?: string;
  /** Close the server and the store on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** Require bearer tokens (see {@link isLoopbackHost}: the CLI turns this on beyond loopback). */
  authRequired?: boolean;
  /** Retention policy; with a `schedule` the server applies it at that interval. */
  retention?: RetentionPolicy;
  /** Alert delivery and the continuous lineage policy check. */
  active?: ActiveRuntimeOptions;
}

/** Whether a listen address is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` the server listens on. */
  address: string;
  port: number;
  /** Stops accepting requests, waits for the ones in flight, then closes the store. Idempotent. */
  close(): Promise<void>;
}

/** The package's built web UI, next to `src/` or `dist/`. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Starts Rootline's HTTP server and resolves once it listens. On SIGINT/SIGTERM it closes the
 * server (in-flight requests finish) and then the store, and lets the process exit.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = await createApp({
    store: options.store,
    logger: options.logger ?? false,
    strict: options.strict ?? false,
    webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.maxBatchEvents !== undefined ? { maxBatchEvents: options.maxBatchEvents } : {}),
    ...(options.authRequired !== undefined ? { authRequired: options.authRequired } : {}),
    ...(options.retention ? { retention: options.retention } : {}),
    ...(options.active ? { active: options.active } : {}),
  });
  await app.listen({ port: options.port ?? 5000, host: options.host ?? '127.0.0.1' });
  // Load the in-memory indexes now rather than on the first lineage request or root cause.
  if (options.store instanceof SqlStore) {
    const started = performance.now();
    options.store.warmUp().then(
      (indexes) => app.log.info({ indexes, ms: Math.round(performance.now() - started) }, 'in-memory indexes loaded'),
      (error: unknown) => app.log.error({ err: error }, 'loading the in-memory indexes failed'),
    );
  }
  const bound = app.server.address();
  const port = bound !== null && typeof bound === 'object' ? bound.port : (options.port ?? 5000);
  const host = options.host ?? '127.0.0.1';
  const address = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const schedule = options.retention?.schedule ?? null;
  const policy = options.retention;
  const timer =
    schedule !== null && policy
      ? setInterval(() => {
          options.store.applyRetention(cutoffsOf(policy), 'retention-schedule').then(
            (report) => app.log.info({ retention: report }, 'retention applied'),
            (error: unknown) => app.log.error({ err: error }, 'scheduled retention failed'),
          );
        }, schedule)
      : null;
  timer?.unref();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (timer) clearInterval(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await app.close();
      await options.store.close();
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, 'shutting down');
    close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('rootline: shutdown failed:', error);
        process.exitCode = 1;
      },
    );
  };
  if (options.handleSignals ?? true) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, address, port, close };
}
