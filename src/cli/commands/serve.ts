import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parsePolicyText } from '../../active/policy-schema.js';
import { DEMO_DAYS } from '../../demo/load-demo.js';
import { InputError } from '../../model/errors.js';
import { loadRetentionPolicy } from '../../server/retention/retention-policy.js';
import { formatBanner } from '../banner.js';
import { addCommonOptions, type CommonOptions, describeConnection, resolveConnection } from '../connection.js';
import { createStyle } from '../format/style.js';
import { formatCount } from '../format/table.js';
import type { CliIo } from '../io.js';
import { createLocalBackend } from '../local-backend.js';
import { openLocalStore } from '../open-backend.js';
import { parseIntegerFlag } from '../parse-flags.js';
import { readInputFile } from '../read-input-file.js';
import { readPackageVersion } from '../version.js';
import { runDemo } from './demo.js';

interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
  strict?: boolean;
  demo?: boolean;
  log?: boolean;
  policy?: string;
}

/**
 * `rootline serve`: the HTTP API (and the UI when built) over the embedded or PostgreSQL
 * database. With `--demo` the demo is loaded first when the database is empty, which is what
 * `npm start` does.
 */
export function registerServeCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('serve')
      .description('serve the HTTP API, the OpenLineage endpoint and the web UI')
      .option('--port <port>', 'port to listen on', '5000')
      .option('--host <host>', 'interface to listen on', '127.0.0.1')
      .option('--strict', 'reject OpenLineage events whose standard facets fail their schema')
      .option('--demo', 'load the demo first if the database is empty')
      .option('--log', 'log every request (JSON lines on stdout)')
      .option('--policy <file>', 'a lineage policy (YAML) to check continuously; violations become alerts'),
  ).action(async (options: ServeOptions) => {
    const port = parseIntegerFlag(options.port, '--port', 0, 65_535);
    const connection = resolveConnection(options, io.env ?? {});
    if (connection.kind === 'server') {
      throw new InputError('serve starts a server; --server is for commands that talk to one', { path: '--server' });
    }
    const retention = loadRetentionPolicy(io.env ?? {});
    const policy = options.policy
      ? parsePolicyText(await readInputFile(options.policy, io, '--policy'), options.policy)
      : undefined;
    const store = await openLocalStore(connection, { alerts: false });
    const database = describeConnection(connection);
    let demo: string | null = null;
    try {
      if (options.demo) {
        const backend = createLocalBackend(store, database);
        if (!options.json && (await backend.countEvents()) === 0) {
          io.stdout.write(`Loading the demo into ${database} (first start only)...\n`);
        }
        const result = await runDemo(backend);
        const records = result.steps.reduce((sum, step) => sum + step.accepted, 0);
        // The demo goes into an empty database without alert evaluation: nothing for the server to catch up on.
        if (result.loaded) await store.active.recordAlertProgress(await backend.countEvents());
        demo = result.loaded
          ? `loaded (${formatCount(records)} records over ${DEMO_DAYS} simulated days)`
          : `not loaded: ${result.reason}`;
      }
    } catch (error) {
      await store.close();
      throw error;
    }
    // Loaded on demand: the HTTP stack is the heaviest import and no other command needs it.
    const { DEFAULT_WEB_ROOT, isLoopbackHost, startServer } = await import('../../server/main.js');
    const authRequired = !isLoopbackHost(options.host) || io.env?.ROOTLINE_AUTH === 'on';
    const auth = authRequired
      ? `on: bearer tokens required${(await store.listTokens()).length === 0 ? ' (none yet: rootline token create --role admin)' : ''}`
      : 'off: open to anyone on this machine (loopback only; ROOTLINE_AUTH=on to require tokens)';
    const server = await startServer({
      store,
      port,
      host: options.host,
      strict: options.strict === true,
      logger: options.log === true,
      authRequired,
      retention,
      ...(policy ? { active: { policy } } : {}),
    }).catch(async (error: unknown) => {
      await store.close();
      throw explainListenError(error, options.host, port);
    });
    const info = {
      version: readPackageVersion(),
      address: server.address,
      database,
      engine: store.engine === 'postgres' ? 'PostgreSQL' : 'SQLite',
      hasUi: existsSync(join(DEFAULT_WEB_ROOT, 'index.html')),
      hasMcp: server.app.hasRoute({ method: 'POST', url: '/mcp' }),
      demo,
      auth,
    };
    if (options.json) io.stdout.write(`${JSON.stringify({ ...info, url: server.address })}\n`);
    else io.stdout.write(formatBanner(info, createStyle(io.isTTY, io.env ?? {})));
  });
}

/** A port that is taken or a host that is not ours is the user's to fix: say which flag. */
function explainListenError(error: unknown, host: string, port: number): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE') {
    return new InputError(`port ${port} on ${host} is already in use; stop the other server or pass --port`, {
      path: '--port',
      cause: error,
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
    return new InputError(`cannot listen on ${host}:${port} (${String(code)}); check --host and --port`, {
      path: '--host',
      cause: error,
    });
  }
  return error;
}
