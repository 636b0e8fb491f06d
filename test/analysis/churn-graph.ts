import type { Store } from '../../src/store/store.js';
import { apply, edge, node, T } from '../store/builders.js';

/**
 * A small churn pipeline with every hop the analyses care about:
 *
 *   crm.customers(id, email[pii], age, signup)  --load-->  staging.customers(id, email_hash, age, tenure)
 *   staging.customers --build_features--> features.customer(id, age, tenure)   (filtered on crm.customers.id)
 *   features.customer --> feast customer_fv(age, tenure) --> churn_train v3(age, tenure, label)
 *   billing.churn(customer_id, churned) --> churn_train.label
 *   churn_train v3 --TRAINED_ON--> modelVersion churn:3 --SERVES--> deployment churn-prod
 *
 * email reaches staging only through a hash (masking), so it is not derived PII downstream.
 */
export const ids = {
  crm: 'dataset:postgres://crm:5432:crm.customers',
  crmId: 'datasetField:postgres://crm:5432:crm.customers:id',
  crmEmail: 'datasetField:postgres://crm:5432:crm.customers:email',
  crmAge: 'datasetField:postgres://crm:5432:crm.customers:age',
  crmSignup: 'datasetField:postgres://crm:5432:crm.customers:signup',
  staging: 'dataset:postgres://wh:5432:staging.customers',
  stagingEmailHash: 'datasetField:postgres://wh:5432:staging.customers:email_hash',
  stagingAge: 'datasetField:postgres://wh:5432:staging.customers:age',
  stagingTenure: 'datasetField:postgres://wh:5432:staging.customers:tenure',
  features: 'dataset:postgres://wh:5432:features.customer',
  featuresAge: 'datasetField:postgres://wh:5432:features.customer:age',
  featuresTenure: 'datasetField:postgres://wh:5432:features.customer:tenure',
  fv: 'dataset:feast://prod:customer_fv',
  fvAge: 'datasetField:feast://prod:customer_fv:age',
  fvTenure: 'datasetField:feast://prod:customer_fv:tenure',
  billing: 'dataset:postgres://wh:5432:billing.churn',
  billingChurned: 'datasetField:postgres://wh:5432:billing.churn:churned',
  train: 'dataset:feast://prod:churn_train',
  trainAge: 'datasetField:feast://prod:churn_train:age',
  trainTenure: 'datasetField:feast://prod:churn_train:tenure',
  trainLabel: 'datasetField:feast://prod:churn_train:label',
  model: 'model:mlflow://prod:churn',
  modelVersion: 'modelVersion:mlflow://prod:churn:3',
  deployment: 'deployment:serving://prod:churn-prod',
  load: 'job:etl:load_customers',
  build: 'job:etl:build_features',
};

const direct = (subtype: string, masking = false) => [
  { type: 'DIRECT' as const, subtype, ...(masking ? { masking } : {}) },
];
const filter = [{ type: 'INDIRECT' as const, subtype: 'FILTER' }];

export async function seedChurnGraph(store: Store): Promise<void> {
  const fields = (dataset: string, names: string[], at: string, extra: { tags?: string[] } = {}) =>
    names.map((name) =>
      node(`${dataset.replace(/^dataset:/, 'datasetField:')}:${name}`, at, { attributes: { field: name }, ...extra }),
    );
  await apply(store, {
    nodes: [
      node(ids.crm, T(1), { owners: [{ name: 'team:crm' }] }),
      ...fields(ids.crm, ['id', 'age', 'signup'], T(1)),
      node(ids.crmEmail, T(1), { tags: ['pii'], attributes: { field: 'email' } }),
      node(ids.staging, T(1), { owners: [{ name: 'team:platform' }] }),
      ...fields(ids.staging, ['email_hash', 'age', 'tenure'], T(1)),
      node(ids.features, T(1), { owners: [{ name: 'team:features' }] }),
      ...fields(ids.features, ['age', 'tenure'], T(1)),
      node(ids.fv, T(1), {
        subtype: 'featureView',
        owners: [{ name: 'risk-ml@acme.example' }],
        attributes: { source: ids.features },
      }),
      ...fields(ids.fv, ['age', 'tenure'], T(1)),
      node(ids.billing, T(1)),
      ...fields(ids.billing, ['customer_id', 'churned'], T(1)),
      node(ids.train, T(1), { subtype: 'trainingSet' }),
      ...fields(ids.train, ['age', 'tenure', 'label'], T(1)),
      node(ids.model, T(1), { owners: [{ name: 'risk-ml@acme.example' }] }),
      node(ids.modelVersion, T(2), { attributes: { version: '3' } }),
      node(ids.deployment, T(3), { owners: [{ name: 'serving@acme.example' }] }),
      node(ids.load, T(1)),
      node(ids.build, T(1)),
    ],
    edgeSets: [
      {
        scope: ids.load,
        at: T(1),
        mode: 'replace',
        runId: 'r-load',
        edges: [edge('INPUT', ids.crm, ids.load), edge('OUTPUT', ids.load, ids.staging)],
      },
      {
        scope: `${ids.load}|${ids.staging}`,
        at: T(1),
        mode: 'replace',
        runId: 'r-load',
        edges: [
          edge('DERIVES', ids.crmEmail, ids.stagingEmailHash, {
            via: ids.load,
            transformations: direct('TRANSFORMATION', true),
          }),
          edge('DERIVES', ids.crmAge, ids.stagingAge, { via: ids.load, transformations: direct('IDENTITY') }),
          edge('DERIVES', ids.crmSignup, ids.stagingTenure, {
            via: ids.load,
            transformations: direct('TRANSFORMATION'),
          }),
        ],
      },
      {
        scope: ids.build,
        at: T(1),
        mode: 'replace',
        runId: 'r-build',
        edges: [edge('INPUT', ids.staging, ids.build), edge('OUTPUT', ids.build, ids.features)],
      },
      {
        scope: `${ids.build}|${ids.features}`,
        at: T(1),
        mode: 'replace',
        runId: 'r-build',
        edges: [
          edge('DERIVES', ids.stagingAge, ids.featuresAge, { via: ids.build, transformations: direct('IDENTITY') }),
          edge('DERIVES', ids.stagingTenure, ids.featuresTenure, {
            via: ids.build,
            transformations: direct('IDENTITY'),
          }),
          edge('DERIVES', ids.crmId, ids.featuresAge, { via: ids.build, transformations: filter }),
        ],
      },
      {
        scope: ids.fv,
        at: T(1),
        mode: 'replace',
        runId: null,
        edges: [
          edge('DERIVES', ids.featuresAge, ids.fvAge, { origin: 'ml', transformations: direct('IDENTITY') }),
          edge('DERIVES', ids.featuresTenure, ids.fvTenure, { origin: 'ml', transformations: direct('IDENTITY') }),
        ],
      },
      {
        scope: `${ids.train}#3`,
        at: T(2),
        mode: 'replace',
        runId: null,
        edges: [
          edge('DERIVES', ids.fvAge, ids.trainAge, { origin: 'ml', transformations: direct('IDENTITY') }),
          edge('DERIVES', ids.fvTenure, ids.trainTenure, { origin: 'ml', transformations: direct('IDENTITY') }),
          edge('DERIVES', ids.billingChurned, ids.trainLabel, { origin: 'ml', transformations: direct('IDENTITY') }),
        ],
      },
      {
        scope: ids.modelVersion,
        at: T(2),
        mode: 'replace',
        runId: null,
        edges: [
          edge('TRAINED_ON', ids.train, ids.modelVersion, { origin: 'ml', attributes: { version: '3' } }),
          ...[ids.trainAge, ids.trainTenure].map((f) =>
            edge('TRAINED_ON', f, ids.modelVersion, { origin: 'ml', attributes: { version: '3', role: 'feature' } }),
          ),
          edge('TRAINED_ON', ids.trainLabel, ids.modelVersion, {
            origin: 'ml',
            attributes: { version: '3', role: 'label' },
          }),
        ],
      },
      {
        scope: ids.deployment,
        at: T(3),
        mode: 'replace',
        runId: null,
        edges: [edge('SERVES', ids.modelVersion, ids.deployment, { origin: 'ml' })],
      },
    ],
  });
}
