import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * Prompts for the two investigations people ask for most. Each lays out which tools to call in
 * which order, so an assistant answers from the lineage rather than from guesses.
 */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'investigate_degraded_model',
    {
      title: 'Investigate a degraded model',
      description:
        'Find out why a model version or deployment got worse: upstream failures, schema and lineage changes.',
      argsSchema: {
        node: z.string().describe('The modelVersion or deployment id, e.g. deployment:serving://prod:churn-prod.'),
        since: z
          .string()
          .optional()
          .describe('How far back to look: an ISO-8601 time or a window such as 7d (default 7d).'),
      },
    },
    ({ node, since }) => {
      const window = since ?? '7d';
      return {
        description: `Investigate why ${node} degraded`,
        messages: [
          {
            role: 'user',
            content: {
              type: 'text',
              text: [
                `The model behind ${node} has degraded. Investigate with the Rootline tools:`,
                `1. get_asset on ${node}: owners, the model version it serves or was trained from, its metrics.`,
                `2. root_cause with node ${node} and since ${window}: rank the upstream causes (failed runs, failed assertions, breaking schema changes, lineage changes, stale inputs). Follow the evidence run ids and versions with get_asset.`,
                `3. get_lineage upstream at column level from ${node} (depth 6) to see which source columns feed its features; check_leakage on its training set if the metrics look too good.`,
                `4. lineage_diff from ${window} to see what changed in the pipeline in that window.`,
                'Answer with: the most likely cause with its evidence (ids, times), other candidates worth ruling out, who owns the affected assets, and what to check next. Quote node ids exactly.',
              ].join('\n'),
            },
          },
        ],
      };
    },
  );

  server.registerPrompt(
    'assess_schema_change',
    {
      title: 'Assess a schema change',
      description: 'Before changing a column or table: what would break downstream, how badly, and whom to tell.',
      argsSchema: {
        node: z.string().describe('The datasetField (column), dataset or job that will change.'),
        change: z.enum(['drop', 'rename', 'retype']).describe('What the change does to the column.'),
      },
    },
    ({ node, change }) => ({
      description: `Assess the impact of a ${change} of ${node}`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `I plan to ${change} ${node}. Assess the impact with the Rootline tools:`,
              `1. get_asset on ${node}: owners, PII state, quality checks.`,
              `2. impact_analysis with node ${node} and change ${change}: every affected column, dataset, job, feature view, training set, model version and deployment with its severity and owners. Page with the cursor if the answer says more is left out.`,
              '3. For breaking or review items on live deployments or model versions, get_lineage on them to confirm the path.',
              'Answer with: a go/no-go recommendation, the breaking consumers (live deployments first), the ones to review, the owners to notify, and a safe migration order. Quote node ids exactly.',
            ].join('\n'),
          },
        },
      ],
    }),
  );
}
