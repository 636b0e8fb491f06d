import type { Affected } from '../../api/analysis-schemas.js';

function cell(value: string): string {
  // Quote every cell; double inner quotes; neutralise leading formula characters for spreadsheets.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** The affected nodes as CSV (RFC 4180), one row each, with the path joined by " > ". */
export function impactToCsv(affected: readonly Affected[]): string {
  const header = ['id', 'kind', 'name', 'depth', 'severity', 'live', 'owners', 'path'];
  const rows = affected.map((a) =>
    [
      a.id,
      a.kind,
      a.name ?? '',
      String(a.depth),
      a.severity,
      a.live ? 'yes' : '',
      a.owners.join('; '),
      a.path.join(' > '),
    ]
      .map(cell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

/** Live deployments first, then by severity, then nearest first. */
export function sortAffected(affected: readonly Affected[]): Affected[] {
  const rank: Record<string, number> = { breaking: 0, review: 1, rows: 2, possible: 3 };
  return [...affected].sort(
    (a, b) =>
      Number(b.live ?? false) - Number(a.live ?? false) ||
      (rank[a.severity] ?? 4) - (rank[b.severity] ?? 4) ||
      a.depth - b.depth ||
      a.id.localeCompare(b.id),
  );
}

/** `trainingSetVersions`, 1 -> "training set version"; `columns`, 7 -> "columns". */
export function summaryLabel(key: string, count: number): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return count === 1 && words.endsWith('s') ? words.slice(0, -1) : words;
}
