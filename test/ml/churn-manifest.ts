import type { Store } from '../../src/store/store.js';

/** The manifest of issue 5, as a value tests can vary. */
export function churnManifest() {
  return {
    featureViews: [
      {
        namespace: 'feast://prod',
        name: 'customer_fv',
        entities: ['customer_id'],
        source: 'dataset:snowflake://acme:analytics.customer_features',
        owners: ['risk-ml@acme.example'],
        features: [{ name: 'age' }, { name: 'tenure_days', column: 'tenure' }],
      },
    ],
    trainingSets: [
      {
        namespace: 'feast://prod',
        name: 'churn_train',
        version: '3',
        createdAt: '2026-10-02T00:00:00Z',
        features: ['customer_fv:age', 'customer_fv:tenure_days'],
        label: 'datasetField:snowflake://acme:analytics.labels:churned',
      },
    ],
    models: [
      {
        namespace: 'mlflow://prod',
        name: 'churn',
        owners: ['risk-ml@acme.example'],
        versions: [
          {
            version: '3',
            trainingSet: { namespace: 'feast://prod', name: 'churn_train', version: '3' },
            params: { max_depth: 6 },
            metrics: { auc: 0.81 },
            codeVersion: '9f2c1ab',
            createdAt: '2026-10-02T06:00:00Z',
          },
        ],
      },
    ],
    deployments: [
      {
        namespace: 'serving://prod',
        name: 'churn-prod',
        modelVersion: 'modelVersion:mlflow://prod:churn:3',
        from: '2026-10-03T00:00:00Z',
      },
    ],
  };
}

export const FV = 'dataset:feast://prod:customer_fv';
export const TS = 'dataset:feast://prod:churn_train';
export const MV3 = 'modelVersion:mlflow://prod:churn:3';
export const DEPLOYMENT = 'deployment:serving://prod:churn-prod';

/** A prediction of the churn deployment with the manifest's two features; `extra` overrides any field. */
export function churnPrediction(id: string, time = '2026-10-04T12:00:00Z', extra: Record<string, unknown> = {}) {
  return {
    id,
    deployment: DEPLOYMENT,
    time,
    features: { age: 41, tenure_days: 730 },
    output: { churn: 0.12 },
    ...extra,
  };
}

/** Open edges of every kind touching `id`. */
export async function edgesOf(store: Store, id: string, includeClosed = false) {
  return store.listEdges({ nodeId: id, direction: 'both', includeClosed });
}
