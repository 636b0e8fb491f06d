import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createMcpServer } from '../../mcp/server.js';
import type { RouteContext } from '../route-context.js';

const METHOD_NOT_ALLOWED = {
  jsonrpc: '2.0',
  error: { code: -32000, message: 'Rootline serves MCP statelessly: send JSON-RPC requests with POST /mcp' },
  id: null,
};

/**
 * `POST /mcp`: the MCP tools over streamable HTTP, stateless (a server and transport per
 * request, no session). It is an ordinary route of the app, so the hooks every route passes
 * (authentication filling `request.actor`, rate limits) apply before a message is handled.
 * GET and DELETE (server-sent streams and sessions) answer 405.
 */
export function registerMcpRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.post(
    '/mcp',
    {
      schema: {
        summary: 'Model Context Protocol endpoint (streamable HTTP, stateless)',
        description:
          'JSON-RPC messages of the Model Context Protocol: the lineage tools, the rootline://node/{id} resource and ' +
          'the investigation prompts. Point an MCP client at this URL.',
        tags: ['MCP'],
      },
    },
    async (request, reply) => {
      const server = createMcpServer({ store });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      reply.hijack();
      reply.raw.setHeader('x-request-id', request.id);
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      reply.raw.setHeader('cache-control', 'no-store');
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      try {
        await server.connect(transport);
        await transport.handleRequest(request.raw, reply.raw, request.body);
      } catch (error) {
        request.log.error({ err: error }, 'MCP request failed');
        sendInternalError(reply);
      }
    },
  );
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method,
      url: '/mcp',
      schema: { hide: true },
      handler: async (_request, reply) => reply.status(405).header('allow', 'POST').send(METHOD_NOT_ALLOWED),
    });
  }
}

function sendInternalError(reply: FastifyReply): void {
  if (reply.raw.headersSent) {
    reply.raw.end();
    return;
  }
  reply.raw.writeHead(500, { 'content-type': 'application/json' });
  reply.raw.end(
    JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'internal server error' }, id: null }),
  );
}
