import type { Command } from 'commander';
import { z } from 'zod';
import { findDrift } from '../../active/find-drift.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { parseTimeFlag } from '../parse-flags.js';
import { withConnection } from '../with-connection.js';

interface DriftFlags extends CommonOptions {
  since: string;
  baselineFrom?: string;
  baselineTo?: string;
}

const driftSchema = z.object({
  since: z.string(),
  until: z.string(),
  deployments: z.array(
    z.object({
      deployment: z.string(),
      modelVersion: z.string().nullable(),
      window: z.object({ from: z.string(), to: z.string() }),
      baseline: z.object({ from: z.string(), to: z.string(), kind: z.enum(['first-days', 'chosen']) }).nullable(),
      features: z.array(
        z.object({
          feature: z.string(),
          psi: z.number(),
          level: z.enum(['stable', 'moderate', 'significant']),
          drifted: z.boolean(),
          baselineCount: z.number(),
          currentCount: z.number(),
          column: z.string().nullable(),
          sources: z.array(z.string()),
          daily: z.array(z.object({ day: z.string(), psi: z.number(), count: z.number() })),
        }),
      ),
    }),
  ),
  datasets: z.array(
    z.object({
      dataset: z.string(),
      window: z.object({ from: z.string(), to: z.string() }),
      columns: z.array(
        z.looseObject({
          column: z.string(),
          drifted: z.boolean(),
          reasons: z.array(z.string()),
          sources: z.array(z.string()),
        }),
      ),
    }),
  ),
});

function formatDrift(report: z.infer<typeof driftSchema>): string {
  const lines: string[] = [];
  for (const deployment of report.deployments) {
    const baseline = deployment.baseline ? `${deployment.baseline.from}..${deployment.baseline.to}` : 'none yet';
    lines.push(`${deployment.deployment} (${deployment.modelVersion ?? 'no model version'}), baseline ${baseline}`);
    lines.push(
      formatTable(
        ['feature', 'psi', 'level', 'sources'].map((header) => ({ header })),
        deployment.features.map((f) => [f.feature, f.psi.toFixed(3), f.level, f.sources.join(', ')]),
      ),
    );
  }
  for (const dataset of report.datasets) {
    lines.push(`${dataset.dataset}`);
    lines.push(
      formatTable(
        ['column', 'drifted', 'what moved', 'sources'].map((header) => ({ header })),
        dataset.columns.map((c) => [c.column, c.drifted ? 'yes' : 'no', c.reasons.join('; '), c.sources.join(', ')]),
      ),
    );
  }
  return lines.length ? lines.join('\n') : `nothing to compare since ${report.since}`;
}

/** `rootline drift [NODE] --since 7d`: drifted features and columns with the upstream columns they come from. */
export function registerDriftCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('drift [node]')
      .description('which features (deployments) or columns (datasets) drifted, how much, and from which sources')
      .option('--since <time>', 'start of the window: ISO time or a duration ago', '7d')
      .option('--baseline-from <time>', 'a chosen baseline window start (default: the first 7 days of predictions)')
      .option('--baseline-to <time>', 'the chosen baseline window end'),
  ).action(async (node: string | undefined, flags: DriftFlags) => {
    const since = parseTimeFlag(flags.since, '--since');
    const baselineFrom = flags.baselineFrom ? parseTimeFlag(flags.baselineFrom, '--baseline-from') : undefined;
    const baselineTo = flags.baselineTo ? parseTimeFlag(flags.baselineTo, '--baseline-to') : undefined;
    const options = {
      since,
      ...(node ? { node } : {}),
      ...(baselineFrom ? { baselineFrom } : {}),
      ...(baselineTo ? { baselineTo } : {}),
    };
    const report = await withConnection(
      flags,
      io,
      {
        local: async (store) => driftSchema.parse(await findDrift(store, options)),
        server: (http) => http.get('/api/v2/drift', options, driftSchema),
      },
      { mustExist: true },
    );
    io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDrift(report)}\n`);
  });
}
