import {
  columnLineageFacet,
  DEMO_PRODUCER,
  type DemoInputField,
  documentationFacet,
  jobTypeFacet,
  ownershipFacet,
  RUN_EVENT_SCHEMA,
  schemaFacet,
  sqlFacet,
} from '../openlineage-facets.js';
import type { DemoBatch, DemoContext, DemoStep } from '../scenario.js';
import { AIRFLOW, customerFeatures, type DemoTable, fctDailyUsage, WAREHOUSE } from '../warehouse-tables.js';
import { DAG } from '../warehouse-tasks.js';

export const FEATURE_NAMESPACE = 'feast://acme';
export const MODEL_NAMESPACE = 'mlflow://mlflow.acme.internal:5000';
export const SERVING_NAMESPACE = 'serving://acme-prod';
export const CHURN_DEPLOYMENT = `deployment:${SERVING_NAMESPACE}:churn-prod`;
export const CHURN_TRAINING_SET = `dataset:${FEATURE_NAMESPACE}:churn_train`;
/** How many predictions the demo logs. */
export const DEMO_PREDICTIONS = 3000;

const churnLabels: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.features.churn_labels',
  description: 'Churn label per customer: no activity in the 30 days after the snapshot.',
  owners: ['team:ml-platform'],
  fields: [
    { name: 'customer_id', type: 'bigint' },
    { name: 'churned', type: 'boolean', description: 'MAX(usage_date) < CURRENT_DATE - 30' },
  ],
};

const CLEAN_FEATURES = [
  'tenure_days',
  'plan',
  'sessions_30d',
  'active_minutes_30d',
  'total_paid_90d',
  'failed_payments_90d',
];
/** The planted leak: days since last activity is computed from the same usage dates as the label. */
const LEAKY_FEATURE = 'days_since_last_active';

/**
 * The churn model on top of the warehouse: a labels job, a feature view over the customer
 * features, two training-set versions (the second with a planted label leak), two model versions,
 * a deployment that switches from the first to the second, and a few thousand predictions.
 */
export const churnModelStep: DemoStep = {
  name: 'churn model',
  summary: 'labels, feature view, training sets (v2 leaks the label), models, a deployment and predictions',
  build(context) {
    const day = (k: number, hours = 0): string =>
      new Date(
        context.now.getTime() - (Math.max(context.days, 4) - 1 - k) * 86_400_000 + hours * 3_600_000,
      ).toISOString();
    const switchAt = day(3, 6);
    return [
      { kind: 'openlineage', label: 'churn labels run', events: [labelsRun(context, day(0, -0.5))] },
      { kind: 'manifest', label: 'churn model manifest', document: churnManifest(day, day(1, 6)) },
      {
        kind: 'manifest',
        label: 'deployment switch to v2',
        document: {
          deployments: [
            { namespace: SERVING_NAMESPACE, name: 'churn-prod', modelVersion: modelVersionId(2), from: switchAt },
          ],
        },
      },
      { kind: 'predictions', label: 'churn-prod predictions', records: predictions(context, day(1, 6), switchAt) },
    ] satisfies DemoBatch[];
  },
};

const modelVersionId = (v: number): string => `modelVersion:${MODEL_NAMESPACE}:churn:${v}`;

function labelsRun(context: DemoContext, time: string): Record<string, unknown> {
  const sql = [
    'INSERT INTO analytics.features.churn_labels',
    'SELECT customer_id, MAX(usage_date) < CURRENT_DATE - 30 AS churned',
    'FROM analytics.marts.fct_daily_usage GROUP BY customer_id',
  ].join('\n');
  const usage = (field: string, subtype: string, type: DemoInputField['type'] = 'DIRECT'): DemoInputField => ({
    namespace: fctDailyUsage.namespace,
    name: fctDailyUsage.name,
    field,
    type,
    subtype,
  });
  return {
    eventType: 'COMPLETE',
    eventTime: time,
    run: { runId: context.random.uuid(), facets: {} },
    job: {
      namespace: AIRFLOW,
      name: `${DAG}.churn_labels`,
      facets: {
        jobType: jobTypeFacet('AIRFLOW', 'TASK'),
        documentation: documentationFacet('Labels customers who churned (no activity for 30 days).', 'Job'),
        ownership: ownershipFacet(['team:ml-platform'], 'Job'),
        sql: sqlFacet(sql),
      },
    },
    inputs: [
      {
        namespace: fctDailyUsage.namespace,
        name: fctDailyUsage.name,
        facets: { schema: schemaFacet(fctDailyUsage.fields) },
      },
    ],
    outputs: [
      {
        namespace: churnLabels.namespace,
        name: churnLabels.name,
        facets: {
          schema: schemaFacet(churnLabels.fields),
          documentation: documentationFacet(churnLabels.description, 'Dataset'),
          columnLineage: columnLineageFacet(
            { customer_id: [usage('customer_id', 'IDENTITY')], churned: [usage('usage_date', 'TRANSFORMATION')] },
            [usage('customer_id', 'GROUP_BY', 'INDIRECT')],
          ),
        },
      },
    ],
    producer: DEMO_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}

function churnManifest(day: (k: number, hours?: number) => string, servingFrom: string): Record<string, unknown> {
  const label = `datasetField:${churnLabels.namespace}:${churnLabels.name}:churned`;
  const trainingSet = (version: string, createdAt: string, features: string[]) => ({
    namespace: FEATURE_NAMESPACE,
    name: 'churn_train',
    version,
    createdAt,
    features: features.map((f) => `churn_features:${f}`),
    label,
    owners: ['team:ml-platform'],
  });
  const modelVersion = (version: number, createdAt: string, auc: number, code: string) => ({
    version: String(version),
    trainingSet: { namespace: FEATURE_NAMESPACE, name: 'churn_train', version: String(version) },
    params: { max_depth: 6 + version, n_estimators: 300, learning_rate: 0.05 },
    metrics: { auc, logloss: Number((1 - auc).toFixed(3)) },
    codeVersion: code,
    createdAt,
  });
  return {
    featureViews: [
      {
        namespace: FEATURE_NAMESPACE,
        name: 'churn_features',
        entities: ['customer_id'],
        source: `dataset:${customerFeatures.namespace}:${customerFeatures.name}`,
        owners: ['team:ml-platform'],
        description: 'Customer features served to the churn model.',
        features: [...CLEAN_FEATURES, 'country_code', LEAKY_FEATURE].map((name) => ({ name })),
      },
    ],
    trainingSets: [
      trainingSet('1', day(1, 1), CLEAN_FEATURES),
      trainingSet('2', day(2, 1), [...CLEAN_FEATURES, LEAKY_FEATURE]),
    ],
    models: [
      {
        namespace: MODEL_NAMESPACE,
        name: 'churn',
        owners: ['team:ml-platform'],
        description: 'Gradient-boosted churn classifier.',
        versions: [modelVersion(1, day(1, 3), 0.79, '4e1d2c9'), modelVersion(2, day(2, 3), 0.97, '7a9b3f0')],
      },
    ],
    deployments: [
      { namespace: SERVING_NAMESPACE, name: 'churn-prod', modelVersion: modelVersionId(1), from: servingFrom },
    ],
  };
}

function predictions(context: DemoContext, from: string, switchAt: string): unknown[] {
  const { random } = context;
  const start = Date.parse(from);
  const span = context.now.getTime() - 10 * 60_000 - start;
  const plans = ['free', 'starter', 'pro', 'enterprise'];
  const lastDay = new Date(context.now.getTime() - 86_400_000).toISOString();
  const out: unknown[] = [];
  for (let i = 0; i < DEMO_PREDICTIONS; i++) {
    const time = new Date(start + Math.floor((span * (i + 0.5)) / DEMO_PREDICTIONS)).toISOString();
    // The last day's usage features collapse (the usage pipeline's broken customer ids): the
    // drift `rootline drift --since 1d` shows, with the Kafka columns it comes from.
    const usage = time >= lastDay ? 0.25 : 1;
    const features: Record<string, unknown> = {
      tenure_days: random.int(3, 1500),
      plan: plans[random.int(0, plans.length - 1)],
      sessions_30d: Math.round(random.int(0, 120) * usage),
      active_minutes_30d: Math.round(random.int(0, 3000) * usage),
      total_paid_90d: random.int(0, 90_000) / 100,
      failed_payments_90d: random.int(0, 3),
    };
    if (time >= switchAt) features[LEAKY_FEATURE] = random.int(0, 45);
    const score = Math.min(0.99, Math.max(0.01, 0.6 - Number(features.sessions_30d) / 200 + random.int(0, 30) / 100));
    out.push({
      id: `churn-prod-${String(i + 1).padStart(6, '0')}`,
      deployment: CHURN_DEPLOYMENT,
      time,
      features,
      output: { churn_probability: Number(score.toFixed(3)), churned: score > 0.5 },
    });
  }
  return out;
}
