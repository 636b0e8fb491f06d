import type { ImpactReport } from './impact.js';

const HEADER = ['id', 'kind', 'subtype', 'name', 'depth', 'severity', 'live', 'owners', 'path'];

/**
 * The affected nodes of an impact report as CSV (RFC 4180). Cells that a spreadsheet would run
 * as a formula (starting with =, +, -, @, tab or carriage return) are prefixed with a quote, so
 * hostile names cannot execute when the file is opened.
 */
export function impactToCsv(report: ImpactReport): string {
  const rows = report.affected.map((node) => [
    node.id,
    node.kind,
    node.subtype ?? '',
    node.name,
    String(node.depth),
    node.severity,
    node.live ? 'true' : 'false',
    node.owners.join(' '),
    node.path.join(' > '),
  ]);
  return `${[HEADER, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
