import type { Command } from 'commander';
import { z } from 'zod';
import { checkPolicy, type PolicyReport } from '../../active/check-policy.js';
import { parsePolicyText } from '../../active/policy-schema.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatTable } from '../format/table.js';
import { CliExit, type CliIo } from '../io.js';
import { readInputFile } from '../read-input-file.js';
import { withConnection } from '../with-connection.js';

const reportSchema = z.object({
  checkedAt: z.string(),
  rules: z.number(),
  ok: z.boolean(),
  violations: z.array(
    z.object({
      rule: z.string(),
      kind: z.enum([
        'no_derived_pii_in_models',
        'no_leakage',
        'deployments_trace_to_owned_datasets',
        'no_job_reads',
        'column_lineage_to_sources',
      ]),
      message: z.string(),
      nodes: z.array(z.string()),
      path: z.array(z.string()),
    }),
  ),
});

function formatReport(report: PolicyReport, file: string): string {
  if (report.ok) return `${file}: ${report.rules} rule(s), no violation`;
  const rows = report.violations.map((v) => [v.rule, v.message, v.path.join(' -> ')]);
  return `${file}: ${report.violations.length} violation(s) of ${report.rules} rule(s)\n${formatTable(
    ['rule', 'violation', 'path'].map((header) => ({ header })),
    rows,
  )}`;
}

/** `rootline check POLICY.yaml`: checks a lineage policy; exit 1 on a violation (for CI), 2 on an invalid policy. */
export function registerCheckCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('check')
      .description('check a lineage policy (YAML) against the graph; exits 1 when a rule is violated')
      .argument('<policy>', 'the policy file, or - for standard input'),
  ).action(async (file: string, flags: CommonOptions) => {
    const policy = parsePolicyText(await readInputFile(file, io, 'policy'), file);
    const report = await withConnection(
      flags,
      io,
      {
        local: (store) => checkPolicy(store, policy),
        server: (http) => http.post('/api/v2/policy/check', {}, policy, reportSchema),
      },
      { mustExist: true },
    );
    io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, file)}\n`);
    if (!report.ok) throw new CliExit(1);
  });
}
