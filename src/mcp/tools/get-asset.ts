import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { decodeCursor, pageOutput } from '../budget.js';
import { describeAsset } from '../describe-asset.js';
import { asOfInput, cursorInput, nodeIdInput } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'get_asset';

const inputSchema = { id: nodeIdInput, asOf: asOfInput, cursor: cursorInput };

const outputSchema = {
  asset: z.looseObject({ id: z.string(), kind: z.string() }),
  quality: z.looseObject({ total: z.number(), failing: z.number() }).nullable().optional(),
  versions: z.looseObject({ total: z.number() }).nullable().optional(),
  neighbors: z.looseObject({ upstream: z.array(z.string()), downstream: z.array(z.string()) }).optional(),
  job: z.looseObject({}).optional(),
  fields: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  page: pageOutput,
};

/** `get_asset`: one dataset, column, job, model, model version, deployment or run in detail. */
export function registerGetAssetTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Get an asset',
      description:
        'Details of one node: description, owners, tags, PII state (tagged or derived, with the tagged origins), ' +
        'quality (latest assertion results), versions, one-hop neighbours, the latest SQL and run of a job, and the ' +
        'columns of a dataset (paginated).',
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const offset = decodeCursor(NAME, args, args.cursor);
        const { structured, summary } = await describeAsset(store, args, { tool: NAME, offset, budget });
        return toolResult(structured, summary);
      }),
  );
}
