import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findNodeOrSuggest } from '../../analysis/find-node.js';
import { type CauseCandidate, findRootCauses } from '../../analysis/root-cause.js';
import { clip, describePage, pageOutput, startPaging } from '../budget.js';
import { countBy, describeCounts, shortenPath } from '../compact.js';
import { cursorInput, nodeIdInput, readNodeId, readTime, readTimeOrAgo, windowInputs } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'root_cause';
/** Candidates ranked per call; the budget pages through them. */
const CANDIDATES = 200;

const inputSchema = {
  node: nodeIdInput.describe('The dataset, column, model version or deployment that misbehaves.'),
  ...windowInputs,
  depth: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe(
      'How many pipeline steps upstream to look: the job writing the node and its inputs are one (default 20).',
    ),
  cursor: cursorInput,
};

const candidateOutput = z.object({
  kind: z.string(),
  node: z.string(),
  distance: z.number(),
  at: z.string(),
  score: z.number(),
  summary: z.string(),
  path: z.array(z.string()),
  evidence: z.array(z.looseObject({ at: z.string(), detail: z.string() })),
  moreEvidence: z.number().int().optional(),
});

/** `root_cause`: ranked candidate causes upstream of something that went wrong. */
export function registerRootCauseTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Root cause',
      description:
        'Ranked candidate causes upstream of a misbehaving dataset, column, model version or deployment within a ' +
        'time window: failed or aborted runs, failed assertions, breaking schema changes, lineage changes and stale ' +
        'inputs, each scored by kind, distance and recency, with evidence (run ids, versions) and the path to the node.',
      inputSchema,
      outputSchema: {
        node: z.string(),
        since: z.string(),
        until: z.string(),
        upstreamNodes: z.number().int(),
        partial: z.boolean(),
        byKind: z.record(z.string(), z.number()),
        candidates: z.array(candidateOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const { id } = readNodeId(args.node, 'node');
        const since = readTimeOrAgo(args.since, 'since');
        const until = readTime(args.until, 'until');
        await findNodeOrSuggest(store, id, until);
        const report = await findRootCauses(store, {
          node: id,
          since,
          depth: args.depth,
          limit: CANDIDATES,
          ...(until ? { until } : {}),
        });
        const base = {
          node: report.node,
          since: report.since,
          until: report.until,
          upstreamNodes: report.upstreamNodes,
          partial: report.partial,
          byKind: countBy(report.candidates, (candidate) => candidate.kind),
        };
        const { answer, page } = paging.fit(base, 'candidates', report.candidates.map(compactCandidate));
        const top = report.candidates[0];
        const summary = top
          ? `${report.candidates.length} candidate cause(s) upstream of ${report.node} between ${report.since} and ` +
            `${report.until} (${describeCounts(base.byKind)}). Most likely: ${top.summary} (${top.kind} on ${top.node}, ` +
            `${top.distance} hop(s) away, score ${top.score}). ${describePage(page, 'candidates')}`
          : `No failed run, failed assertion, breaking schema change, lineage change or stale input found in the ` +
            `${report.upstreamNodes} node(s) upstream of ${report.node} between ${report.since} and ${report.until}. ` +
            'Try a wider window (since: 30d).';
        return toolResult(answer, summary.trim());
      }),
  );
}

function compactCandidate(candidate: CauseCandidate) {
  return {
    kind: candidate.kind,
    node: candidate.node,
    distance: candidate.distance,
    at: candidate.at,
    score: candidate.score,
    summary: clip(candidate.summary, 300),
    path: shortenPath(candidate.path),
    evidence: candidate.evidence.slice(0, 3).map((evidence) => ({ ...evidence, detail: clip(evidence.detail, 300) })),
    ...(candidate.evidence.length > 3 ? { moreEvidence: candidate.evidence.length - 3 } : {}),
  };
}
