import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findDrift } from '../../active/find-drift.js';
import { capList, describePage, pageOutput, startPaging } from '../budget.js';
import { cursorInput, readNodeId, readTime, readTimeOrAgo, windowInputs } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'detect_drift';
/** Source columns listed per finding; the rest are counted. */
const SOURCES = 5;

const inputSchema = {
  node: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe(
      'A deployment (its features), a model version (its deployments and training set) or a dataset (its ' +
        'columns); every deployment when omitted.',
    ),
  ...windowInputs,
  cursor: cursorInput,
};

const findingOutput = z.object({
  kind: z.enum(['feature', 'column']),
  /** The deployment or dataset. */
  node: z.string(),
  name: z.string(),
  drifted: z.boolean(),
  /** A feature's PSI level, or what moved in a column. */
  detail: z.string(),
  psi: z.number().optional(),
  sources: z.array(z.string()),
  moreSources: z.number().int().optional(),
});

type Finding = z.infer<typeof findingOutput>;

/** `detect_drift`: which model features or dataset columns drifted, and the raw columns they come from. */
export function registerDetectDriftTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Detect drift',
      description:
        "Which features of a deployment drifted in a window (population stability index of the prediction log's " +
        'daily histograms against the first days before it; above 0.25 drifted, 0.1 to 0.25 moderate), or which ' +
        'columns of a dataset moved (null share, distinct count, median from dataQualityMetrics), each with the raw ' +
        'source columns it comes from. Drifted findings come first.',
      inputSchema,
      outputSchema: {
        since: z.string(),
        until: z.string(),
        drifted: z.number().int(),
        findings: z.array(findingOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const node = args.node === undefined ? undefined : readNodeId(args.node, 'node').id;
        const since = readTimeOrAgo(args.since, 'since');
        const until = readTime(args.until, 'until');
        const report = await findDrift(store, {
          since,
          ...(until ? { until } : {}),
          ...(node ? { node } : {}),
        });
        const findings: Finding[] = [
          ...report.deployments.flatMap((deployment) =>
            deployment.features.map((feature) => ({
              kind: 'feature' as const,
              node: deployment.deployment,
              name: feature.feature,
              drifted: feature.drifted,
              detail: `${feature.level} (PSI ${feature.psi}, ${feature.currentCount} predictions in the window)`,
              psi: feature.psi,
              ...sourcesOf(feature.sources),
            })),
          ),
          ...report.datasets.flatMap((dataset) =>
            dataset.columns.map((column) => ({
              kind: 'column' as const,
              node: dataset.dataset,
              name: column.field,
              drifted: column.drifted,
              detail: column.reasons.join('; ') || 'within thresholds',
              ...sourcesOf(column.sources),
            })),
          ),
        ];
        findings.sort((a, b) => Number(b.drifted) - Number(a.drifted) || (b.psi ?? 0) - (a.psi ?? 0));
        const drifted = findings.filter((finding) => finding.drifted);
        const { answer, page } = paging.fit(
          { since: report.since, until: report.until, drifted: drifted.length },
          'findings',
          findings,
        );
        const summary = drifted.length
          ? `${drifted.length} of ${findings.length} feature(s) or column(s) drifted between ${report.since} and ` +
            `${report.until}: ${drifted
              .slice(0, 5)
              .map((finding) => `${finding.name} of ${finding.node} (${finding.detail})`)
              .join(', ')}.`
          : findings.length
            ? `Nothing drifted between ${report.since} and ${report.until} among ${findings.length} feature(s) or column(s).`
            : `No predictions or quality metrics to compare between ${report.since} and ${report.until}.`;
        return toolResult(answer, `${summary} ${describePage(page, 'findings')}`.trim());
      }),
  );
}

function sourcesOf(sources: readonly string[]): { sources: string[]; moreSources?: number } {
  const { items, more } = capList(sources, SOURCES);
  return more > 0 ? { sources: items, moreSources: more } : { sources: items };
}
