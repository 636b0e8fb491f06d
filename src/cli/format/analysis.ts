import type { HealthReport } from '../../analysis/health.js';
import { describeImpact, describeKind, describeSummary, type ImpactReport } from '../../analysis/impact.js';
import type { PiiReport } from '../../analysis/pii.js';
import type { RootCauseReport } from '../../analysis/root-cause.js';
import type { SchemaChangeReport } from '../../analysis/schema-changes.js';
import type { Style } from './style.js';
import { formatTable } from './table.js';

const SEVERITY_COLOUR = { breaking: 'red', review: 'yellow', rows: 'cyan', possible: 'dim' } as const;

/** An impact report as a summary line and a table of affected nodes, live deployments first. */
export function formatImpact(report: ImpactReport, style: Style): string {
  const head = `${style.bold(report.node)}${report.change ? ` (${report.change})` : ''}: ${describeImpact(report)}`;
  if (report.affected.length === 0) return head;
  const rows = report.affected.map((node) => [
    node.kind === 'deployment' && node.live ? style.green('deployment (live)') : describeKind(node),
    node.id,
    String(node.depth),
    style[SEVERITY_COLOUR[node.severity]](node.severity),
    node.owners.join(', ') || style.dim('-'),
  ]);
  return `${head}\n\n${formatTable(
    [
      { header: 'KIND' },
      { header: 'NODE' },
      { header: 'DEPTH', align: 'right' },
      { header: 'SEVERITY' },
      { header: 'OWNERS' },
    ],
    rows,
  )}`;
}

export function formatSchemaChanges(report: SchemaChangeReport, style: Style): string {
  const partial = report.partial
    ? style.yellow('\n(partial: more schemas changed in that window than were examined; the newest were)')
    : '';
  if (report.changes.length === 0) return `no schema changes with downstream impact in that window${partial}`;
  const lines = report.changes.map((finding) => {
    const what = finding.detail ? `${finding.change} (${finding.detail})` : finding.change;
    const counts = describeSummary(finding.summary);
    const owners = finding.owners.length ? `\n  owners: ${finding.owners.join(', ')}` : '';
    return `${style.dim(finding.at)}  ${style.bold(finding.column)}  ${style.red(what)}\n  impact: ${counts}${owners}`;
  });
  return `${lines.join('\n')}${partial}`;
}

export function formatRootCause(report: RootCauseReport, style: Style): string {
  const head = `${style.bold(report.node)}: ${report.candidates.length} candidate cause(s) between ${report.since} and ${report.until}, over ${report.upstreamNodes} upstream nodes${report.partial ? ' (partial)' : ''}`;
  const lines = report.candidates.map((candidate, i) => {
    const evidence = candidate.evidence
      .map((e) => `      ${style.dim(e.at)} ${e.detail}${e.runId ? style.dim(` run ${e.runId}`) : ''}`)
      .join('\n');
    return `${String(i + 1).padStart(3)}. ${style.yellow(candidate.score.toFixed(3))} ${style.bold(candidate.kind)} ${candidate.summary}\n      ${style.dim(`distance ${candidate.distance}: ${candidate.path.join(' > ')}`)}\n${evidence}`;
  });
  return [head, ...lines].join('\n');
}

export function formatHealth(report: HealthReport, style: Style): string {
  const head = `${report.problems === 0 ? style.green('healthy') : style.yellow(`${report.problems} problem(s)`)} across ${report.checked.datasets} datasets, ${report.checked.jobs} jobs, ${report.checked.models} models`;
  const sections = report.sections
    .filter((section) => section.count > 0)
    .map((section) => {
      const items = section.items.map((item) => `    ${item.id}  ${style.dim(item.detail)}`).join('\n');
      const more =
        section.count > section.items.length
          ? `\n    ${style.dim(`... and ${section.count - section.items.length} more`)}`
          : '';
      return `  ${style.bold(`${section.title}: ${section.count}`)}\n${items}${more}`;
    });
  return [head, ...sections].join('\n');
}

export function formatPii(report: PiiReport, style: Style): string {
  const head = `${style.bold(`${report.tagged.length} tagged column(s)`)}, ${style.yellow(`${report.derived.length} derived-PII node(s)`)}${report.under ? ` under ${report.under}` : ''}`;
  const rows = report.derived.map((entry) => [entry.subtype ?? entry.kind, entry.id, entry.origins.join(', ')]);
  return rows.length
    ? `${head}\n\n${formatTable([{ header: 'KIND' }, { header: 'NODE' }, { header: 'FROM' }], rows)}`
    : head;
}
