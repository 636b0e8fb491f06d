import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { checkLineageHealth } from '../../analysis/health.js';
import { clip, describePage, pageOutput, startPaging } from '../budget.js';
import { asOfInput, cursorInput, readTime } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'lineage_health';
/** Items read per check; counts always cover everything. */
const ITEMS_PER_CHECK = 500;

const inputSchema = { asOf: asOfInput, cursor: cursorInput };

/** `lineage_health`: gaps and neglect in the lineage itself, by check. */
export function registerLineageHealthTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Lineage health',
      description:
        'Checks the lineage graph itself: datasets read but never written and not declared as sources, outputs of ' +
        'jobs that read nothing, jobs with SQL but no column lineage, datasets and models without owners, stale ' +
        'datasets, datasets whose latest assertion failed, and feature views whose source is gone. Counts per check, ' +
        'then the offending node ids.',
      inputSchema,
      outputSchema: {
        asOf: z.string().nullable(),
        checked: z.object({ datasets: z.number(), jobs: z.number(), models: z.number() }),
        problems: z.number().int(),
        checks: z.array(z.object({ check: z.string(), title: z.string(), count: z.number().int() })),
        items: z.array(z.object({ check: z.string(), id: z.string(), detail: z.string() })),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const asOf = readTime(args.asOf, 'asOf');
        const report = await checkLineageHealth(store, { limit: ITEMS_PER_CHECK, ...(asOf ? { asOf } : {}) });
        const items = report.sections.flatMap((section) =>
          section.items.map((item) => ({ check: section.check, id: item.id, detail: clip(item.detail, 200) })),
        );
        const checks = report.sections.map(({ check, title, count }) => ({ check, title, count }));
        const base = { asOf: report.asOf, checked: report.checked, problems: report.problems, checks };
        const { answer, page } = paging.fit(base, 'items', items);
        const failing = checks.filter((check) => check.count > 0);
        const summary =
          `Checked ${report.checked.datasets} dataset(s), ${report.checked.jobs} job(s) and ${report.checked.models} ` +
          `model(s): ${report.problems} problem(s)` +
          (failing.length
            ? `, ${failing.map((check) => `${check.count} ${check.check.replaceAll('_', ' ')}`).join(', ')}.`
            : '.') +
          ` ${describePage(page, 'problems')}`;
        return toolResult(answer, summary.trim());
      }),
  );
}
