import { PassThrough, Writable } from 'node:stream';
import type { Command } from 'commander';
import { InputError } from '../../model/errors.js';
import { type CommonOptions, describeConnection, resolveConnection } from '../connection.js';
import type { CliIo } from '../io.js';
import { openLocalStore } from '../open-backend.js';
import { readPackageVersion } from '../version.js';

type McpOptions = Pick<CommonOptions, 'db' | 'databaseUrl'>;

/**
 * `rootline mcp`: the MCP server over stdio, for AI assistants that start it as a subprocess.
 * stdout carries only JSON-RPC messages; the one line about where the data is goes to stderr.
 * Runs until the client closes stdin and every request read has been answered.
 */
export function registerMcpCommand(program: Command, io: CliIo): void {
  program
    .command('mcp')
    .description('serve the lineage tools to an AI assistant over MCP (stdio)')
    .option('--db <path>', 'SQLite database file (env ROOTLINE_DB; default .rootline/rootline.db)')
    .option('--database-url <url>', 'PostgreSQL connection URL (env ROOTLINE_DATABASE_URL)')
    .action(async (options: McpOptions) => {
      const connection = resolveConnection(options, io.env ?? {});
      if (connection.kind !== 'local') throw new InputError('mcp opens a database; pass --db or --database-url');
      const stdin = io.stdin;
      if (!stdin) throw new InputError('mcp needs a standard input to read requests from', { path: 'stdin' });
      // Loaded on demand: only this command needs the MCP SDK.
      const [{ createMcpServer }, { DrainingTransport }, { StdioServerTransport }] = await Promise.all([
        import('../../mcp/server.js'),
        import('../../mcp/draining-transport.js'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      const store = await openLocalStore(connection);
      const server = createMcpServer({ store, version: readPackageVersion() });
      const stdout = new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          io.stdout.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
          done();
        },
      });
      // The SDK's reader expects Buffers; a byte stream turns text chunks (a string source) into them.
      const bytes = stdin.pipe(new PassThrough());
      const ended = new Promise<void>((resolve) => bytes.once('end', resolve));
      const transport = new DrainingTransport(new StdioServerTransport(bytes, stdout));
      try {
        await server.connect(transport);
        io.stderr.write(`rootline mcp: serving ${describeConnection(connection)} over stdio\n`);
        await ended;
        // A client may write its requests and close stdin at once: answer them before closing.
        await transport.idle();
      } finally {
        await server.close();
        await store.close();
      }
    });
}
