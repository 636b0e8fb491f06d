import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { NotFoundError } from '../model/errors.js';
import { describeAsset } from './describe-asset.js';
import type { ToolContext } from './tool-context.js';

/** The URI of a node's resource: the id URL-encoded into `rootline://node/{id}`. */
export function nodeResourceUri(id: string): string {
  return `rootline://node/${encodeURIComponent(id)}`;
}

/**
 * `rootline://node/{id}`: any node as JSON, the same answer as `get_asset` (first page of
 * columns). Ids complete from a search on what was typed so far.
 */
export function registerNodeResource(server: McpServer, { store, budget }: ToolContext): void {
  const template = new ResourceTemplate('rootline://node/{id}', {
    list: undefined,
    complete: {
      id: async (value) => {
        const term = value.trim();
        if (term.length < 2) return [];
        const found = await store.search({ q: term.split(/[:/.]/).filter(Boolean).at(-1) ?? term, limit: 20 });
        return found.items.map((node) => node.id);
      },
    },
  });
  server.registerResource(
    'node',
    template,
    {
      title: 'Lineage node',
      description:
        'Any Rootline node (dataset, column, job, run, model, model version, deployment) as JSON: owners, tags, PII, ' +
        'quality, versions, neighbours and columns. The id is URL-encoded.',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const raw = variables.id;
      const encoded = Array.isArray(raw) ? raw.join('/') : raw;
      if (!encoded) throw new NotFoundError(`resource ${uri.href} names no node id`);
      const id = decodeURIComponent(encoded);
      const { structured } = await describeAsset(store, { id }, { tool: 'get_asset', offset: 0, budget });
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(structured) }] };
    },
  );
}
