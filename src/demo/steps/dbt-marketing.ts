import type { DemoBatch, DemoContext, DemoStep } from '../scenario.js';
import { timeBefore } from '../scenario.js';
import { WAREHOUSE } from '../warehouse-tables.js';

/**
 * The marketing analytics team's dbt project: it reads two marts that the Airflow pipeline
 * builds (declared as dbt sources, so they are the same nodes) and builds revenue models and a
 * dashboard exposure. Two `dbt build` invocations a day apart; the second adds a column, so the
 * model gets a new version and its column lineage changes.
 */
export const DBT_PROJECT = 'acme_marketing';
export const DBT_JOB_NAMESPACE = 'acme-dbt';
export const CUSTOMER_REVENUE = `dataset:${WAREHOUSE}:analytics.marketing.customer_revenue`;

type Json = Record<string, unknown>;

const column = (name: string, description: string, extra: Json = {}): [string, Json] => [
  name,
  { name, description, meta: {}, tags: [], ...extra },
];

function source(table: string, description: string, columns: [string, Json][]): Json {
  return {
    unique_id: `source.${DBT_PROJECT}.marts.${table}`,
    name: table,
    source_name: 'marts',
    database: 'analytics',
    schema: 'marts',
    identifier: table,
    relation_name: `"analytics"."marts"."${table}"`,
    description,
    loader: 'airflow',
    columns: Object.fromEntries(columns),
    meta: { owner: 'team:analytics-engineering' },
    tags: [],
  };
}

function model(name: string, sql: string, dependsOn: string[], description: string, columns: [string, Json][]): Json {
  return {
    unique_id: `model.${DBT_PROJECT}.${name}`,
    resource_type: 'model',
    name,
    package_name: DBT_PROJECT,
    database: 'analytics',
    schema: 'marketing',
    alias: name,
    relation_name: `"analytics"."marketing"."${name}"`,
    description,
    tags: ['marketing'],
    meta: { owner: 'user:sam.ortiz@acme.com' },
    group: 'marketing',
    config: { enabled: true, materialized: 'table', tags: ['marketing'], meta: {} },
    columns: Object.fromEntries(columns),
    depends_on: { nodes: dependsOn, macros: [] },
    compiled_code: sql,
    original_file_path: `models/${name}.sql`,
  };
}

function test(name: string, kind: string, model: string, columnName: string | null, kwargs: Json = {}): Json {
  return {
    unique_id: `test.${DBT_PROJECT}.${name}`,
    resource_type: 'test',
    name,
    package_name: DBT_PROJECT,
    database: 'analytics',
    schema: 'marketing_dbt_test__audit',
    config: { enabled: true, severity: 'ERROR', tags: [], meta: {} },
    columns: {},
    tags: [],
    meta: {},
    depends_on: { nodes: [`model.${DBT_PROJECT}.${model}`], macros: [`macro.dbt.test_${kind}`] },
    test_metadata: { name: kind, kwargs: { ...(columnName ? { column_name: columnName } : {}), ...kwargs } },
    column_name: columnName,
    attached_node: `model.${DBT_PROJECT}.${model}`,
  };
}

function manifest(withFailures: boolean, generatedAt: string): Json {
  const dim = `source.${DBT_PROJECT}.marts.dim_customers`;
  const fct = `source.${DBT_PROJECT}.marts.fct_payments`;
  const failed = withFailures ? ',\n  sum(p.failed_payments) as failed_payments' : '';
  const revenueSql = `select\n  c.customer_id,\n  c.segment,\n  c.plan,\n  c.country_code,\n  sum(p.amount_paid) as lifetime_revenue${failed}\nfrom "analytics"."marts"."dim_customers" c\nleft join "analytics"."marts"."fct_payments" p on p.customer_id = c.customer_id\ngroup by c.customer_id, c.segment, c.plan, c.country_code`;
  const segmentSql = `select\n  segment,\n  plan,\n  count(customer_id) as customers,\n  sum(lifetime_revenue) as revenue\nfrom "analytics"."marketing"."customer_revenue"\nwhere country_code is not null\ngroup by segment, plan`;
  const revenueColumns = [
    column('customer_id', 'The customer.'),
    column('segment', 'CRM segment.', { tags: ['crm'] }),
    column('lifetime_revenue', 'Paid amount over the customer lifetime, in EUR.'),
    ...(withFailures ? [column('failed_payments', 'Failed payment attempts, all time.')] : []),
  ];
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: '1.8.9',
      generated_at: generatedAt,
      invocation_id: `00000000-0000-4000-8000-${generatedAt.replace(/\D/g, '').slice(0, 12)}`,
      project_name: DBT_PROJECT,
      adapter_type: 'postgres',
    },
    nodes: Object.fromEntries(
      [
        model('customer_revenue', revenueSql, [dim, fct], 'Lifetime revenue per customer.', revenueColumns),
        model(
          'segment_revenue',
          segmentSql,
          [`model.${DBT_PROJECT}.customer_revenue`],
          'Revenue by segment and plan.',
          [column('revenue', 'Lifetime revenue of the segment, in EUR.')],
        ),
        test('unique_customer_revenue_customer_id', 'unique', 'customer_revenue', 'customer_id'),
        test('not_null_customer_revenue_customer_id', 'not_null', 'customer_revenue', 'customer_id'),
        test('accepted_values_customer_revenue_segment', 'accepted_values', 'customer_revenue', 'segment', {
          values: ['smb', 'mid-market', 'enterprise'],
        }),
      ].map((node) => [String(node.unique_id), node]),
    ),
    sources: Object.fromEntries(
      [
        source('dim_customers', 'Customer dimension built by the acme_daily Airflow DAG.', [
          column('email_hash', 'sha256 of the e-mail.', { meta: { pii: true } }),
        ]),
        source('fct_payments', 'Daily payments per customer built by the acme_daily Airflow DAG.', []),
      ].map((node) => [String(node.unique_id), node]),
    ),
    exposures: {
      [`exposure.${DBT_PROJECT}.revenue_dashboard`]: {
        unique_id: `exposure.${DBT_PROJECT}.revenue_dashboard`,
        name: 'revenue_dashboard',
        type: 'dashboard',
        label: 'Revenue by segment',
        owner: { name: 'Sam Ortiz', email: 'sam.ortiz@acme.com' },
        url: 'https://bi.acme.internal/dashboards/42',
        maturity: 'high',
        depends_on: { nodes: [`model.${DBT_PROJECT}.segment_revenue`], macros: [] },
        tags: [],
        meta: {},
      },
    },
    groups: { [`group.${DBT_PROJECT}.marketing`]: { name: 'marketing', owner: { name: 'team:marketing-analytics' } } },
  };
}

function runResults(generatedAt: Date, failing: boolean): Json {
  const at = (seconds: number) => new Date(generatedAt.getTime() + seconds * 1000).toISOString();
  const result = (id: string, status: string, start: number, extra: Json = {}) => ({
    unique_id: id,
    status,
    timing: [{ name: 'execute', started_at: at(start), completed_at: at(start + 4) }],
    execution_time: 4,
    message: status === 'fail' ? 'Got 3 results, configured to fail if != 0' : null,
    failures: status === 'fail' ? 3 : 0,
    ...extra,
  });
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      dbt_version: '1.8.9',
      generated_at: at(40),
    },
    results: [
      result(`model.${DBT_PROJECT}.customer_revenue`, 'success', 0),
      result(`model.${DBT_PROJECT}.segment_revenue`, 'success', 5),
      result(`test.${DBT_PROJECT}.unique_customer_revenue_customer_id`, 'pass', 10),
      result(`test.${DBT_PROJECT}.not_null_customer_revenue_customer_id`, 'pass', 15),
      result(`test.${DBT_PROJECT}.accepted_values_customer_revenue_segment`, failing ? 'fail' : 'pass', 20),
    ],
    elapsed_time: 30,
    args: { which: 'build' },
  };
}

export const dbtMarketingStep: DemoStep = {
  name: 'dbt',
  summary: 'marketing dbt project (artifacts): revenue models on the marts, a dashboard, tests',
  build(context: DemoContext): DemoBatch[] {
    return [2, 1].map((daysAgo) => {
      const invocation = timeBefore(context, daysAgo, 60);
      const later = daysAgo === 1;
      return {
        kind: 'dbt',
        label: `dbt build ${invocation.toISOString().slice(0, 10)}`,
        artifacts: { manifest: manifest(later, invocation.toISOString()), runResults: runResults(invocation, later) },
        namespace: WAREHOUSE,
        jobNamespace: DBT_JOB_NAMESPACE,
      };
    });
  },
};
