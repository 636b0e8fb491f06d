import type { AffectedNode, ImpactReport } from './impact.js';

const SUMMARY_KEYS: Record<string, string> = {
  datasetField: 'columns',
  dataset: 'datasets',
  job: 'jobs',
  model: 'models',
  modelVersion: 'modelVersions',
  deployment: 'deployments',
  assertion: 'assertions',
};

/** The kind of an affected node as people say it, singular: "training-set version", "column". */
export function describeKind(node: AffectedNode): string {
  return label(summaryKey(node), 1);
}

/** The key a node counts under in an impact summary: `columns`, `trainingSetVersions`, ... */
export function summaryKey(node: AffectedNode): string {
  if (node.subtype === 'trainingSetVersion') return 'trainingSetVersions';
  if (node.subtype === 'featureView' && node.kind === 'dataset') return 'featureViews';
  if (node.subtype === 'exposure') return 'exposures';
  return SUMMARY_KEYS[node.kind] ?? node.kind;
}

/** Counts by kind for people: "2 deployments, 3 model versions, 41 columns". */
export function describeSummary(summary: Record<string, number>): string {
  const parts = Object.entries(summary)
    .sort((a, b) => SUMMARY_ORDER.indexOf(a[0]) - SUMMARY_ORDER.indexOf(b[0]))
    .map(([key, count]) => `${count} ${label(key, count)}`);
  return parts.length ? parts.join(', ') : 'nothing downstream';
}

/** One sentence for people: "2 deployments, 3 model versions, 41 columns; owners: a, b". */
export function describeImpact(report: ImpactReport): string {
  const what = describeSummary(report.summary);
  const owners = report.owners.length ? `; owners: ${report.owners.join(', ')}` : '';
  return `${what}${owners}${report.partial ? ' (partial: a traversal bound was reached)' : ''}`;
}

const SUMMARY_ORDER = [
  'deployments',
  'modelVersions',
  'trainingSetVersions',
  'featureViews',
  'exposures',
  'datasets',
  'columns',
  'jobs',
];

function label(key: string, count: number): string {
  const words: Record<string, string> = {
    modelVersions: 'model version',
    trainingSetVersions: 'training-set version',
    featureViews: 'feature view',
    deployments: 'deployment',
    exposures: 'exposure',
    datasets: 'dataset',
    columns: 'column',
    jobs: 'job',
  };
  const word = words[key] ?? key;
  return count === 1 ? word : `${word}s`;
}
