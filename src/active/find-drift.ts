import { findNodeOrSuggest } from '../analysis/find-node.js';
import { InputError } from '../model/errors.js';
import type { Store } from '../store/store.js';
import { findPredictionDrift, type PredictionDriftOptions, type PredictionDriftReport } from './prediction-drift.js';
import { findQualityDrift, type QualityDriftReport } from './quality-drift.js';

export interface DriftReport {
  since: string;
  until: string;
  /** Feature drift of deployments (from the prediction log's daily histograms). */
  deployments: PredictionDriftReport[];
  /** Column drift of datasets (from dataQualityMetrics facets over versions). */
  datasets: QualityDriftReport[];
}

/** Deployments checked when no node is named. */
const MAX_DEPLOYMENTS = 100;

/**
 * What drifted since a time: for a deployment its features (PSI), for a dataset its columns
 * (quality metrics), for a model version the deployments serving it and its training set; with
 * no node, every deployment.
 */
export async function findDrift(
  store: Store,
  options: PredictionDriftOptions & { node?: string },
): Promise<DriftReport> {
  const until = options.until ?? new Date().toISOString();
  const window = { ...options, until };
  const report: DriftReport = { since: options.since, until, deployments: [], datasets: [] };
  if (!options.node) {
    const deployments = await store.listNodes({ kind: 'deployment', limit: MAX_DEPLOYMENTS });
    for (const deployment of deployments.items) {
      report.deployments.push(await findPredictionDrift(store, deployment.id, window));
    }
    return report;
  }
  const node = await findNodeOrSuggest(store, options.node, until);
  if (node.kind === 'deployment') report.deployments.push(await findPredictionDrift(store, node.id, window));
  else if (node.kind === 'dataset') report.datasets.push(await findQualityDrift(store, node.id, window));
  else if (node.kind === 'modelVersion') {
    const serving = await store.listEdges({ nodeId: node.id, direction: 'out', kinds: ['SERVES'], asOf: until });
    for (const edge of serving) report.deployments.push(await findPredictionDrift(store, edge.target, window));
    const trained = await store.listEdges({ nodeId: node.id, direction: 'in', kinds: ['TRAINED_ON'], asOf: until });
    for (const edge of trained.filter((e) => e.source.startsWith('dataset:'))) {
      report.datasets.push(await findQualityDrift(store, edge.source, window));
    }
  } else {
    throw new InputError(
      `drift is computed for deployments, model versions and datasets; '${node.id}' is a ${node.kind}`,
      {
        path: 'node',
      },
    );
  }
  return report;
}
