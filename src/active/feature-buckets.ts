import type { FeatureCount } from '../store/active-store.js';
import type { Prediction } from '../store/prediction-log.js';

/** Hashed buckets for string features: bounded cardinality whatever the values (ids, free text). */
const STRING_BUCKETS = 64;

/**
 * The histogram bucket of one feature value. Buckets are fixed and data-independent, so days
 * merge by adding counts and any two windows compare bucket by bucket: numbers fall into
 * quarter-octave bins of a symmetric log scale (`n:K`, K = sign(x) * floor(4 * log2(1 + |x|))),
 * strings into one of 64 hashed buckets (`s#N`), booleans into `b:true|false`, missing values
 * into `null`, anything else into `other`.
 */
export function bucketOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return `b:${value}`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'other';
    const k = Math.floor(4 * Math.log2(1 + Math.abs(value)));
    return `n:${value < 0 ? -k : k}`;
  }
  if (typeof value === 'string') return `s#${fnv1a(value) % STRING_BUCKETS}`;
  return 'other';
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The UTC day (YYYY-MM-DD) of an ISO time. */
export function dayOf(time: string): string {
  return time.slice(0, 10);
}

/** The histogram rows a batch of predictions adds: one count per deployment, day, feature and bucket. */
export function countFeatures(predictions: readonly Prediction[]): FeatureCount[] {
  const counts = new Map<string, FeatureCount>();
  for (const prediction of predictions) {
    const day = dayOf(prediction.time);
    for (const [feature, value] of Object.entries(prediction.features)) {
      const bucket = bucketOf(value);
      const key = JSON.stringify([prediction.deployment, day, feature, bucket]);
      const existing = counts.get(key);
      if (existing) existing.count++;
      else counts.set(key, { deployment: prediction.deployment, day, feature, bucket, count: 1 });
    }
  }
  return [...counts.values()];
}

/**
 * The population stability index of `current` against `baseline` (bucket -> count), with a
 * half-count added to every bucket of either side so empty buckets do not divide by zero.
 * Under 0.1: stable; 0.1 to 0.25: moderate shift; above 0.25: significant shift.
 */
export function populationStabilityIndex(
  baseline: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, number>,
): number {
  const buckets = new Set([...baseline.keys(), ...current.keys()]);
  const smoothing = 0.5;
  const total = (counts: ReadonlyMap<string, number>) =>
    [...counts.values()].reduce((sum, count) => sum + count, 0) + smoothing * buckets.size;
  const baseTotal = total(baseline);
  const currentTotal = total(current);
  let psi = 0;
  for (const bucket of buckets) {
    const expected = ((baseline.get(bucket) ?? 0) + smoothing) / baseTotal;
    const actual = ((current.get(bucket) ?? 0) + smoothing) / currentTotal;
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return Math.round(psi * 10_000) / 10_000;
}
