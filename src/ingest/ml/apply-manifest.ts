import type { InputIssue } from '../../model/errors.js';
import { nowIso, parseTime } from '../../model/time.js';
import type { IngestResult, Store } from '../../store/store.js';
import { hasChanges } from './find-changes.js';
import { parseManifest } from './parse-manifest.js';
import { planManifest } from './plan-manifest.js';

/** A check run after a successful apply on each training-set version the document lists (the leakage check). */
export type TrainingSetCheck = (trainingSets: { id: string; version: string; path: string }[]) => Promise<InputIssue[]>;

export interface ApplyOptions {
  actor: string | null;
  /** The time of the apply (defaults to now); the time changes are recorded at when the document gives none. */
  now?: string;
  check?: TrainingSetCheck;
}

export interface ApplyResult {
  /** `unchanged`: the graph already says everything the document says; no event was recorded. */
  status: IngestResult['status'] | 'unchanged';
  /** The event recorded (or the earlier identical one); null when unchanged. */
  seq: number | null;
  counts: {
    featureViews: number;
    trainingSets: number;
    models: number;
    modelVersions: number;
    deployments: number;
    datasets: number;
  };
  warnings: InputIssue[];
}

/**
 * Validates and applies an ML manifest document as one event: either everything it describes is
 * recorded, or (on an {@link InputError} or {@link ConflictError}) nothing is. The event payload
 * carries the apply time, so re-applying an older document after a newer one restores its state;
 * a document that would change nothing is not recorded at all (`unchanged`).
 */
export async function applyManifest(store: Store, document: unknown, options: ApplyOptions): Promise<ApplyResult> {
  const manifest = parseManifest(document);
  const now = options.now ? parseTime(options.now, 'now') : nowIso();
  const plan = await planManifest(store, manifest, { now });
  const result = (await hasChanges(store, plan.mutation))
    ? await store.ingest(
        { source: 'apply', actor: options.actor, payload: { document: manifest, appliedAt: now }, eventTime: now },
        plan.mutation,
      )
    : null;
  const warnings = options.check ? await options.check(plan.trainingSets) : [];
  return {
    status: result?.status ?? 'unchanged',
    seq: result?.seq ?? null,
    counts: {
      featureViews: manifest.featureViews.length,
      trainingSets: manifest.trainingSets.length,
      models: manifest.models.length,
      modelVersions: manifest.models.reduce((n, m) => n + m.versions.length, 0),
      deployments: manifest.deployments.length,
      datasets: manifest.datasets.length,
    },
    warnings,
  };
}
