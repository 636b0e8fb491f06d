import type { NodeKind } from '../graph/lineage-types.js';

export type KindKey =
  | 'dataset'
  | 'view'
  | 'featureView'
  | 'trainingSet'
  | 'predictionLog'
  | 'datasetField'
  | 'job'
  | 'model'
  | 'modelVersion'
  | 'deployment'
  | 'run'
  | 'assertion';

/** The visual kind of a node: its kind, refined by dataset subtype for the ML datasets. */
export function kindKey(kind: NodeKind, subtype: string | null): KindKey {
  if (kind === 'dataset' && (subtype === 'featureView' || subtype === 'trainingSet' || subtype === 'predictionLog')) {
    return subtype;
  }
  if (kind === 'dataset' && subtype?.toLowerCase() === 'view') return 'view';
  return kind;
}

export const KIND_LABEL: Record<KindKey, string> = {
  dataset: 'Dataset',
  view: 'View',
  featureView: 'Feature view',
  trainingSet: 'Training set',
  predictionLog: 'Prediction log',
  datasetField: 'Column',
  job: 'Job',
  model: 'Model',
  modelVersion: 'Model version',
  deployment: 'Deployment',
  run: 'Run',
  assertion: 'Assertion',
};

/** Search filters, in the order the UI offers them. */
export const SEARCH_KINDS = [
  { key: 'dataset', label: 'Datasets' },
  { key: 'datasetField', label: 'Columns' },
  { key: 'job', label: 'Jobs' },
  { key: 'featureView', label: 'Feature views' },
  { key: 'model', label: 'Models' },
  { key: 'deployment', label: 'Deployments' },
] as const;
