import { DIRECT_AND_CONDITIONAL, findColumnUpstreams } from '../analysis/column-upstream.js';
import { readModelInputs } from '../analysis/model-inputs.js';
import type { Store } from '../store/store.js';
import { dayOf, populationStabilityIndex } from './feature-buckets.js';

/** PSI from which a feature counts as drifted (0.1 to 0.25 is reported as a moderate shift). */
export const PSI_DRIFT = 0.25;
export const PSI_MODERATE = 0.1;
/** Days of the default baseline: the first days the deployment logged predictions. */
const BASELINE_DAYS = 7;

export interface FeatureDrift {
  feature: string;
  psi: number;
  level: 'stable' | 'moderate' | 'significant';
  drifted: boolean;
  baselineCount: number;
  currentCount: number;
  /** The training-set column the model was trained on for this feature, when known. */
  column: string | null;
  /** Raw source columns it comes from (column-level upstream, DIRECT and CONDITIONAL edges). */
  sources: string[];
  /** Per-day PSI against the baseline over the window, oldest first. */
  daily: { day: string; psi: number; count: number }[];
}

export interface PredictionDriftReport {
  deployment: string;
  modelVersion: string | null;
  window: { from: string; to: string };
  baseline: { from: string; to: string; kind: 'first-days' | 'chosen' } | null;
  features: FeatureDrift[];
}

export interface PredictionDriftOptions {
  since: string;
  until?: string;
  /** A chosen baseline window (ISO times); default: the first 7 days of predictions before `since`. */
  baselineFrom?: string;
  baselineTo?: string;
}

type Histograms = Map<string, Map<string, number>>;

function addTo(histograms: Histograms, feature: string, bucket: string, count: number): void {
  const histogram = histograms.get(feature) ?? new Map<string, number>();
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + count);
  histograms.set(feature, histogram);
}

const total = (histogram: ReadonlyMap<string, number> | undefined) =>
  [...(histogram?.values() ?? [])].reduce((sum, count) => sum + count, 0);

function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Feature drift of a deployment from the daily per-feature histograms kept at prediction ingest
 * (never from the raw log, so the cost follows days x features x buckets, not predictions): the
 * population stability index of the window against a baseline (the first 7 days of predictions
 * before the window, or a chosen one), per feature and per day, with the training-set column and
 * the raw source columns each feature comes from.
 */
export async function findPredictionDrift(
  store: Store,
  deployment: string,
  options: PredictionDriftOptions,
): Promise<PredictionDriftReport> {
  const until = options.until ?? new Date().toISOString();
  const window = { from: options.since, to: until };
  const current = await store.active.readFeatureCounts(deployment, dayOf(options.since), dayOf(until));
  let baselineRows = options.baselineFrom
    ? await store.active.readFeatureCounts(
        deployment,
        dayOf(options.baselineFrom),
        dayOf(options.baselineTo ?? options.since),
      )
    : await store.active.readFeatureCounts(deployment, '0000-01-01', previousDay(dayOf(options.since)));
  let baseline: PredictionDriftReport['baseline'] = null;
  if (options.baselineFrom) {
    baseline = { from: options.baselineFrom, to: options.baselineTo ?? options.since, kind: 'chosen' };
  } else {
    const days = [...new Set(baselineRows.map((row) => row.day))].sort().slice(0, BASELINE_DAYS);
    const kept = new Set(days);
    baselineRows = baselineRows.filter((row) => kept.has(row.day));
    if (days.length > 0) baseline = { from: days[0] ?? '', to: days.at(-1) ?? '', kind: 'first-days' };
  }
  const base: Histograms = new Map();
  for (const row of baselineRows) addTo(base, row.feature, row.bucket, row.count);
  const now: Histograms = new Map();
  const byDay = new Map<string, Histograms>();
  for (const row of current) {
    addTo(now, row.feature, row.bucket, row.count);
    const day = byDay.get(row.day) ?? new Map();
    addTo(day, row.feature, row.bucket, row.count);
    byDay.set(row.day, day);
  }
  const { modelVersion, columns } = await featureColumns(store, deployment, until);
  const upstreams = await findColumnUpstreams(store, [...columns.values()], {
    asOf: until,
    transformations: DIRECT_AND_CONDITIONAL,
  });
  const sourcesOf = new Map(upstreams.map((upstream) => [upstream.start, upstream.sources]));
  const features: FeatureDrift[] = [];
  for (const [feature, histogram] of now) {
    const reference = base.get(feature);
    if (!reference) continue;
    const psi = populationStabilityIndex(reference, histogram);
    const column = columns.get(feature) ?? null;
    features.push({
      feature,
      psi,
      level: psi >= PSI_DRIFT ? 'significant' : psi >= PSI_MODERATE ? 'moderate' : 'stable',
      drifted: psi >= PSI_DRIFT,
      baselineCount: total(reference),
      currentCount: total(histogram),
      column,
      sources: column ? (sourcesOf.get(column) ?? []).filter((source) => source !== column) : [],
      daily: [...byDay.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .filter(([, day]) => day.has(feature))
        .map(([day, histograms]) => {
          const counts = histograms.get(feature) ?? new Map<string, number>();
          return { day, psi: populationStabilityIndex(reference, counts), count: total(counts) };
        }),
    });
  }
  features.sort((a, b) => b.psi - a.psi || a.feature.localeCompare(b.feature));
  return { deployment, modelVersion, window, baseline, features };
}

/** The model version a deployment serves at `asOf` and its features' training-set columns by name. */
async function featureColumns(
  store: Store,
  deployment: string,
  asOf: string,
): Promise<{ modelVersion: string | null; columns: Map<string, string> }> {
  const serves = await store.listEdges({ nodeId: deployment, direction: 'in', kinds: ['SERVES'], asOf });
  const modelVersion = serves[0]?.source ?? null;
  const columns = new Map<string, string>();
  if (!modelVersion) return { modelVersion, columns };
  const inputs = await readModelInputs(store, modelVersion, asOf);
  for (const feature of inputs.features) columns.set(feature.name, feature.id);
  return { modelVersion, columns };
}
