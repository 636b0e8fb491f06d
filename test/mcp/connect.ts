import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createMcpServer } from '../../src/mcp/server.js';
import type { Store } from '../../src/store/store.js';

/** The SDK's own client, wired to Rootline's MCP server over a linked in-memory transport pair. */
export async function connectInMemory(store: Store, options: { budget?: number } = {}) {
  const server = createMcpServer({ store, ...options });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'rootline-test', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** Calls a tool and returns its result parsed with the SDK's schema (typed content and structure). */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));
}

/** The text of a result's first content block. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

/** Characters the answer costs the model: the structured JSON plus the text summary. */
export function answerSize(result: CallToolResult): number {
  return JSON.stringify(result.structuredContent ?? {}).length + textOf(result).length;
}

/** The structured part of a result as a plain record. */
export function structured(result: CallToolResult): Record<string, unknown> {
  return result.structuredContent ?? {};
}

export const TOOL_NAMES = [
  'search_assets',
  'get_asset',
  'get_lineage',
  'impact_analysis',
  'root_cause',
  'trace_prediction',
  'check_leakage',
  'explain_sql_lineage',
  'lineage_diff',
  'lineage_health',
  'detect_drift',
];
