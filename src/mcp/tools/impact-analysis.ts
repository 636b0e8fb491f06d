import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findNodeOrSuggest } from '../../analysis/find-node.js';
import { type AffectedNode, analyzeImpact, describeImpact } from '../../analysis/impact.js';
import { capList, describePage, pageOutput, startPaging } from '../budget.js';
import { countBy, shortenPath } from '../compact.js';
import { asOfInput, cursorInput, nodeIdInput, readNodeId, readTime } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'impact_analysis';

const inputSchema = {
  node: nodeIdInput.describe('The column (datasetField), dataset or job about to change.'),
  change: z
    .enum(['drop', 'rename', 'retype'])
    .optional()
    .describe('The kind of change; retype marks consumers behind a transformation as "review" rather than breaking.'),
  asOf: asOfInput,
  depth: z.number().int().min(1).max(100).default(50).describe('How many edges downstream to follow.'),
  cursor: cursorInput,
};

const affectedOutput = z.object({
  id: z.string(),
  kind: z.string(),
  subtype: z.string().nullable(),
  depth: z.number().int(),
  severity: z.enum(['breaking', 'review', 'rows', 'possible']),
  path: z.array(z.string()),
  owners: z.array(z.string()),
  live: z.boolean().optional(),
});

/** `impact_analysis`: what a change to a column, dataset or job would break downstream, worst first. */
export function registerImpactAnalysisTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Impact analysis',
      description:
        'Everything downstream a change to a column, dataset or job would affect: columns, datasets, jobs, feature ' +
        'views, training-set versions, model versions, deployments and exposures, each with its depth, one shortest ' +
        'path from the changed node, a severity (breaking: values flow through directly; review: a retype passes a ' +
        'transformation; rows: only a join/filter is affected; possible: only job-level lineage) and its owners. ' +
        'Live deployments come first.',
      inputSchema,
      outputSchema: {
        node: z.string(),
        change: z.string().nullable(),
        asOf: z.string().nullable(),
        summary: z.record(z.string(), z.number()),
        severities: z.record(z.string(), z.number()),
        owners: z.array(z.string()),
        partial: z.boolean(),
        affected: z.array(affectedOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const { id } = readNodeId(args.node, 'node');
        const asOf = readTime(args.asOf, 'asOf');
        await findNodeOrSuggest(store, id, asOf);
        const report = await analyzeImpact(store, {
          node: id,
          depth: args.depth,
          ...(args.change ? { change: args.change } : {}),
          ...(asOf ? { asOf } : {}),
        });
        const owners = capList(report.owners, 30);
        const base = {
          node: report.node,
          change: report.change,
          asOf: report.asOf,
          summary: report.summary,
          severities: countBy(report.affected, (node) => node.severity),
          owners: owners.items,
          partial: report.partial,
        };
        const { answer, page } = paging.fit(base, 'affected', report.affected.map(compactAffected));
        const live = report.affected.filter((node) => node.live).map((node) => node.id);
        const breaking = report.affected.filter((node) => node.severity === 'breaking').length;
        const verb = report.change
          ? `${report.change === 'retype' ? 'Retyping' : report.change === 'drop' ? 'Dropping' : 'Renaming'}`
          : 'Changing';
        const summary =
          `${verb} ${report.node} affects ${describeImpact({ ...report, owners: owners.items.slice(0, 8) })}.` +
          (report.affected.length ? ` ${breaking} of ${report.affected.length} would break outright.` : '') +
          (live.length ? ` Live deployments reached: ${live.slice(0, 5).join(', ')}.` : '') +
          ` ${describePage(page, 'affected nodes')}`;
        return toolResult(answer, summary.trim());
      }),
  );
}

function compactAffected(node: AffectedNode) {
  return {
    id: node.id,
    kind: node.kind,
    subtype: node.subtype,
    depth: node.depth,
    severity: node.severity,
    path: shortenPath(node.path),
    owners: node.owners.slice(0, 5),
    ...(node.live !== undefined ? { live: node.live } : {}),
  };
}
