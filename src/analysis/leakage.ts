import { NotFoundError } from '../model/errors.js';
import type { DatasetVersion } from '../model/graph.js';
import { describeTrainingSetVersion, readTrainingSetFacet } from '../model/ml-records.js';
import type { Store } from '../store/store.js';
import { DIRECT_AND_CONDITIONAL, findColumnUpstreams } from './column-upstream.js';

export interface LeakageFinding {
  feature: string;
  label: string;
  /** Source columns both the feature and the label derive from, sorted. */
  shared: string[];
  /** From the feature to the first shared source. */
  featurePath: string[];
  /** From the label to the first shared source. */
  labelPath: string[];
}

export interface LeakageReport {
  trainingSet: string;
  version: string;
  findings: LeakageFinding[];
}

/**
 * Flags each feature of a training-set version whose upstream shares a source column with the
 * label's upstream, or that is the label column itself. Only DIRECT and CONDITIONAL edges count,
 * as of the version's createdAt: JOIN, FILTER and GROUP_BY edges alone do not (entity keys are
 * not leaks).
 */
export async function findLeakage(store: Store, trainingSet: string, version?: string | null): Promise<LeakageReport> {
  const recorded = version
    ? await store.getDatasetVersion(trainingSet, version)
    : await latestTrainingSetVersion(store, trainingSet);
  const record = recorded ? readTrainingSetFacet(recorded.facets) : null;
  if (!recorded || !record) {
    const what = version
      ? describeTrainingSetVersion(trainingSet, version)
      : `${trainingSet.replace(/^dataset:/, '')} (no version)`;
    throw new NotFoundError(`training set version ${what} not found`);
  }
  const report: LeakageReport = { trainingSet, version: recorded.version, findings: [] };
  const label = record.label;
  if (!label) return report;
  const options = { asOf: record.createdAt, transformations: DIRECT_AND_CONDITIONAL };
  const [labelUpstream, ...walks] = await findColumnUpstreams(
    store,
    [label.field, ...record.features.map((f) => f.field)],
    options,
  );
  if (!labelUpstream) return report;
  const labelSources = new Set(labelUpstream.sources);

  record.features.forEach((feature, index) => {
    const upstream = walks[index];
    if (!upstream) return;
    const shared = upstream.sources.filter((id) => labelSources.has(id));
    if (shared.length === 0 && feature.source === label.source) shared.push(label.source);
    const first = shared[0];
    if (first === undefined) return;
    report.findings.push({
      feature: feature.field,
      label: label.field,
      shared,
      featurePath: upstream.pathTo(first) ?? [feature.field, feature.source],
      labelPath: labelUpstream.pathTo(first) ?? [label.field, label.source],
    });
  });
  return report;
}

/** The newest recorded version of a training set (the one the UI shows when no version is asked for). */
async function latestTrainingSetVersion(store: Store, trainingSet: string): Promise<DatasetVersion | null> {
  const page = await store.listDatasetVersions(trainingSet, { limit: 100 });
  return page.items.find((v) => readTrainingSetFacet(v.facets) !== null) ?? null;
}

/** Leakage findings of freshly applied training-set versions, as warnings naming the document path. */
export async function findLeakageWarnings(
  store: Store,
  trainingSets: readonly { id: string; version: string; path: string }[],
): Promise<{ path: string; message: string }[]> {
  const warnings: { path: string; message: string }[] = [];
  for (const ts of trainingSets) {
    const report = await findLeakage(store, ts.id, ts.version);
    for (const finding of report.findings) {
      warnings.push({
        path: ts.path,
        message: `possible label leakage in ${describeTrainingSetVersion(ts.id, ts.version)}: feature ${finding.feature} shares ${finding.shared.join(', ')} with label ${finding.label}`,
      });
    }
  }
  return warnings;
}

/** Renders a leakage report for the terminal. */
export function formatLeakage(report: LeakageReport): string {
  const head = `training set ${describeTrainingSetVersion(report.trainingSet, report.version)}`;
  if (report.findings.length === 0) return `${head}: no leakage found`;
  const lines = [`${head}: ${report.findings.length} finding(s)`];
  for (const f of report.findings) {
    lines.push(
      '',
      `✗ feature ${f.feature}`,
      `  shares with label ${f.label}: ${f.shared.join(', ')}`,
      `  feature path: ${f.featurePath.join(' ← ')}`,
      `  label path:   ${f.labelPath.join(' ← ')}`,
    );
  }
  return lines.join('\n');
}
