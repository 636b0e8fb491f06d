const WAREHOUSE = 'postgres://warehouse.acme.internal:5432';
export const FEATURES_TABLE = `dataset:${WAREHOUSE}:analytics.features.customer_features`;
export const E2E_PREDICTION = 'pred-e2e-0001';

/**
 * Registers a small model on top of the demo's customer features (feature view, training set,
 * model version, deployment) and logs one prediction, through the public HTTP API, so the trace
 * page has something to trace whatever else the demo contains.
 */
export async function seedPrediction(baseUrl: string, now = Date.now()): Promise<void> {
  const day = 86_400_000;
  const manifest = {
    featureViews: [
      {
        namespace: 'feast://e2e',
        name: 'e2e_customer_fv',
        entities: ['customer_id'],
        source: FEATURES_TABLE,
        features: [{ name: 'tenure_days' }, { name: 'sessions_30d' }, { name: 'total_paid_90d' }],
      },
    ],
    trainingSets: [
      {
        namespace: 'feast://e2e',
        name: 'e2e_churn_train',
        version: '1',
        createdAt: new Date(now - 2 * day).toISOString(),
        features: ['e2e_customer_fv:tenure_days', 'e2e_customer_fv:sessions_30d', 'e2e_customer_fv:total_paid_90d'],
        label: `datasetField:${WAREHOUSE}:analytics.features.customer_features:failed_payments_90d`,
      },
    ],
    models: [
      {
        namespace: 'mlflow://e2e',
        name: 'e2e_churn',
        versions: [
          {
            version: '1',
            trainingSet: { namespace: 'feast://e2e', name: 'e2e_churn_train', version: '1' },
            params: { max_depth: 6 },
            metrics: { auc: 0.81 },
            createdAt: new Date(now - 2 * day + 3_600_000).toISOString(),
          },
        ],
      },
    ],
    deployments: [
      {
        namespace: 'serving://e2e',
        name: 'e2e-churn',
        modelVersion: 'modelVersion:mlflow://e2e:e2e_churn:1',
        from: new Date(now - day).toISOString(),
      },
    ],
  };
  const applied = await fetch(`${baseUrl}/api/v2/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(manifest),
  });
  if (!applied.ok) throw new Error(`apply failed: ${applied.status} ${await applied.text()}`);
  const logged = await fetch(`${baseUrl}/api/v2/predictions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        id: E2E_PREDICTION,
        deployment: 'deployment:serving://e2e:e2e-churn',
        time: new Date(now - 3_600_000).toISOString(),
        features: { tenure_days: 420, sessions_30d: 12, total_paid_90d: 129.5 },
        output: { churn: 0.12 },
      },
    ]),
  });
  if (!logged.ok) throw new Error(`logging the prediction failed: ${logged.status} ${await logged.text()}`);
}
