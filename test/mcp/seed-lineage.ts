import { findLeakageWarnings } from '../../src/analysis/leakage.js';
import { applyManifest } from '../../src/ingest/ml/apply-manifest.js';
import type { Store } from '../../src/store/store.js';
import { churnManifest, DEPLOYMENT, MV3 } from '../ml/churn-manifest.js';
import { writeChurnWarehouse } from '../ml/warehouse-lineage.js';

export { DEPLOYMENT, MV3, TS } from '../ml/churn-manifest.js';

export const FEATURES = 'dataset:snowflake://acme:analytics.customer_features';
export const AGE = 'datasetField:snowflake://acme:analytics.customer_features:age';
export const BIRTH_DATE = 'datasetField:snowflake://acme:crm.customers:birth_date';
export const CANCELLED_AT = 'datasetField:snowflake://acme:crm.cancellations:cancelled_at';

/**
 * The churn warehouse of the ML tests (features from CRM and payments, labels from
 * cancellations) with the churn model registered, a leaking training-set version 4 and one
 * logged prediction: every tool has something real to answer about.
 */
export async function seedChurnLineage(store: Store): Promise<void> {
  await writeChurnWarehouse(store);
  const doc = churnManifest();
  const view = doc.featureViews[0];
  if (view) view.features.push({ name: 'late_payments' }, { name: 'days_since_cancel' });
  doc.trainingSets.push({
    namespace: 'feast://prod',
    name: 'churn_train',
    version: '4',
    createdAt: '2026-10-05T00:00:00Z',
    features: ['customer_fv:age', 'customer_fv:days_since_cancel'],
    label: 'datasetField:snowflake://acme:analytics.labels:churned',
  });
  await applyManifest(store, doc, {
    actor: 'test',
    now: '2026-11-01T00:00:00.000Z',
    check: (sets) => findLeakageWarnings(store, sets),
  });
  await store.predictions.append([
    {
      id: 'p-1',
      deployment: DEPLOYMENT,
      modelVersion: MV3,
      time: '2026-10-04T12:00:00.000Z',
      features: { age: 41, tenure_days: 730 },
      output: { churn: 0.12 },
    },
  ]);
}
