import { z } from 'zod';
import { DIRECT_AND_CONDITIONAL, findColumnUpstreams } from '../analysis/column-upstream.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

const columnMetricsSchema = z.looseObject({
  nullCount: z.number().optional(),
  distinctCount: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  quantiles: z.record(z.string(), z.number()).optional(),
});
const metricsFacetSchema = z.looseObject({
  rowCount: z.number().optional(),
  columnMetrics: z.record(z.string(), columnMetricsSchema),
});

/** Thresholds of a drifted column: null share moved 5 points, distinct count by half, median by a quarter. */
export const QUALITY_THRESHOLDS = { nullShare: 0.05, distinctRatio: 0.5, medianShift: 0.25 } as const;

export interface ColumnPoint {
  version: string;
  at: string;
  rowCount: number | null;
  nullShare: number | null;
  distinctCount: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
}

export interface ColumnDrift {
  column: string;
  field: string;
  drifted: boolean;
  /** What moved beyond its threshold, in words. */
  reasons: string[];
  baseline: ColumnPoint;
  latest: ColumnPoint;
  /** Every version of the window, oldest first. */
  series: ColumnPoint[];
  /** Raw source columns this column comes from. */
  sources: string[];
}

export interface QualityDriftReport {
  dataset: string;
  window: { from: string; to: string };
  columns: ColumnDrift[];
}

function pointsOf(version: { version: string; createdAt: string; facets: Record<string, unknown> }) {
  const parsed = metricsFacetSchema.safeParse(version.facets.dataQualityMetrics);
  if (!parsed.success) return null;
  const rows = parsed.data.rowCount ?? null;
  const out = new Map<string, ColumnPoint>();
  for (const [column, metrics] of Object.entries(parsed.data.columnMetrics)) {
    out.set(column, {
      version: version.version,
      at: version.createdAt,
      rowCount: rows,
      nullShare: rows && metrics.nullCount !== undefined ? metrics.nullCount / rows : null,
      distinctCount: metrics.distinctCount ?? null,
      min: metrics.min ?? null,
      max: metrics.max ?? null,
      median: metrics.quantiles?.['0.5'] ?? null,
    });
  }
  return out;
}

function reasonsOf(baseline: ColumnPoint, latest: ColumnPoint): string[] {
  const reasons: string[] = [];
  if (baseline.nullShare !== null && latest.nullShare !== null) {
    const moved = latest.nullShare - baseline.nullShare;
    if (Math.abs(moved) >= QUALITY_THRESHOLDS.nullShare) {
      reasons.push(`null share ${(baseline.nullShare * 100).toFixed(1)}% -> ${(latest.nullShare * 100).toFixed(1)}%`);
    }
  }
  if (baseline.distinctCount && latest.distinctCount !== null) {
    const ratio = Math.abs(latest.distinctCount - baseline.distinctCount) / baseline.distinctCount;
    if (ratio >= QUALITY_THRESHOLDS.distinctRatio) {
      reasons.push(`distinct count ${baseline.distinctCount} -> ${latest.distinctCount}`);
    }
  }
  if (baseline.median !== null && latest.median !== null) {
    const range = baseline.max !== null && baseline.min !== null ? baseline.max - baseline.min : 0;
    const scale = Math.max(Math.abs(baseline.median), range, Number.EPSILON);
    if (Math.abs(latest.median - baseline.median) / scale >= QUALITY_THRESHOLDS.medianShift) {
      reasons.push(`median ${baseline.median} -> ${latest.median}`);
    }
  }
  return reasons;
}

/**
 * Column drift of a dataset from the dataQualityMetrics facets of its versions: the latest version
 * in the window against the last version before it (or the window's first), per column null
 * share, distinct count and median, with the series over the window and each column's sources.
 */
export async function findQualityDrift(
  store: Store,
  dataset: string,
  options: { since: string; until?: string },
): Promise<QualityDriftReport> {
  const until = options.until ?? new Date().toISOString();
  const versions = (await store.listDatasetVersions(dataset, { limit: 500 })).items
    .filter((version) => version.createdAt <= until)
    .reverse();
  const measured = versions
    .map((version) => ({ version, points: pointsOf(version) }))
    .filter(
      (entry): entry is { version: (typeof versions)[number]; points: Map<string, ColumnPoint> } =>
        entry.points !== null,
    );
  const inWindow = measured.filter((entry) => entry.version.createdAt > options.since);
  const before = measured.filter((entry) => entry.version.createdAt <= options.since).at(-1);
  const reference = before ?? inWindow[0];
  const latest = inWindow.at(-1);
  const report: QualityDriftReport = { dataset, window: { from: options.since, to: until }, columns: [] };
  if (!reference || !latest || reference === latest) return report;
  const ref = parseNodeId(dataset);
  const fieldIdOf = (column: string) =>
    ref.kind === 'dataset' ? `datasetField:${ref.namespace}:${ref.name}:${column}` : column;
  const columns = [...latest.points.keys()].filter((column) => reference.points.has(column));
  const upstreams = await findColumnUpstreams(store, columns.map(fieldIdOf), {
    asOf: until,
    transformations: DIRECT_AND_CONDITIONAL,
  });
  for (const [index, column] of columns.entries()) {
    const baseline = reference.points.get(column);
    const last = latest.points.get(column);
    if (!baseline || !last) continue;
    const reasons = reasonsOf(baseline, last);
    const field = fieldIdOf(column);
    report.columns.push({
      column,
      field,
      drifted: reasons.length > 0,
      reasons,
      baseline,
      latest: last,
      series: inWindow.flatMap((entry) => entry.points.get(column) ?? []),
      sources: (upstreams[index]?.sources ?? []).filter((source) => source !== field),
    });
  }
  report.columns.sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.column.localeCompare(b.column));
  return report;
}
