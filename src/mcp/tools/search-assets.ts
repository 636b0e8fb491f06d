import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { NODE_KINDS } from '../../model/node-id.js';
import { describePage, pageOutput, startPaging } from '../budget.js';
import { briefNode, nodeBriefOutput } from '../compact.js';
import { cursorInput } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'search_assets';
/** Matches read from the store per call; the budget usually cuts the page shorter. */
const READ_SIZE = 100;

const inputSchema = {
  query: z.string().min(1).max(200).describe('Part of a name, namespace, description or tag (case-insensitive).'),
  kinds: z.array(z.enum(NODE_KINDS)).max(8).optional().describe('Only these node kinds.'),
  namespace: z.string().min(1).max(1000).optional().describe('Only this namespace, e.g. postgres://db:5432.'),
  cursor: cursorInput,
};

/** `search_assets`: finds datasets, columns, jobs, models and deployments by name, with their ids. */
export function registerSearchAssetsTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Search lineage assets',
      description:
        'Find datasets, columns (datasetField), jobs, models, model versions and deployments whose name, namespace, ' +
        'description or tags contain the query. Returns node ids to pass to the other tools.',
      inputSchema,
      outputSchema: { query: z.string(), total: z.number().int(), assets: z.array(nodeBriefOutput), page: pageOutput },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const found = await store.search({
          q: args.query,
          limit: READ_SIZE,
          offset: paging.offset,
          ...(args.kinds?.length ? { kinds: args.kinds } : {}),
          ...(args.namespace ? { namespace: args.namespace } : {}),
        });
        const { answer, page } = paging.fit(
          { query: args.query, total: found.total },
          'assets',
          found.items.map((node) => briefNode(node)),
          { total: found.total, sliced: true },
        );
        const top = found.items.slice(0, 3).map((node) => node.id);
        const summary =
          found.total === 0
            ? `No asset matches "${args.query}". Try a shorter part of the name, or drop the kinds and namespace filters.`
            : `${found.total} asset${found.total === 1 ? '' : 's'} match "${args.query}"; first: ${top.join(', ')}. ` +
              `Pass an id to get_asset, get_lineage or impact_analysis. ${describePage(page, 'assets')}`;
        return toolResult(answer, summary.trim());
      }),
  );
}
