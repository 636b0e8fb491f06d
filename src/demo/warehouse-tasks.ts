import type { DemoInputField } from './openlineage-facets.js';
import {
  customerFeatures,
  type DemoTable,
  dimCustomers,
  fctDailyUsage,
  fctPayments,
  rawCustomers,
  rawPayments,
  rawUsageEvents,
  salesforceContact,
  stgCustomers,
  stgPayments,
  stgUsageEvents,
  stripeCharges,
  usageTopic,
} from './warehouse-tables.js';

/** One task of the daily Airflow DAG: the job, what it reads and writes, its SQL and column lineage. */
export interface DemoTask {
  /** Job name as the Airflow integration names it: `dag.task`. */
  name: string;
  description: string;
  owners: string[];
  integration: 'AIRFLOW' | 'SQL';
  jobType: 'TASK' | 'QUERY' | 'DAG';
  inputs: DemoTable[];
  output: DemoTable;
  sql: string | null;
  fields: Record<string, DemoInputField[]>;
  dataset: DemoInputField[];
  /** Rows written on the first simulated day; later days grow a little. */
  rows: number;
}

export const DAG = 'acme_daily';

type Kind =
  | 'IDENTITY'
  | 'TRANSFORMATION'
  | 'AGGREGATION'
  | 'JOIN'
  | 'FILTER'
  | 'GROUP_BY'
  | 'SORT'
  | 'WINDOW'
  | 'CONDITIONAL';
const INDIRECT = new Set<Kind>(['JOIN', 'FILTER', 'GROUP_BY', 'SORT', 'WINDOW', 'CONDITIONAL']);

function col(
  table: DemoTable,
  field: string,
  subtype: Kind,
  extra: { masking?: boolean; description?: string } = {},
): DemoInputField {
  return {
    namespace: table.namespace,
    name: table.name,
    field,
    type: INDIRECT.has(subtype) ? 'INDIRECT' : 'DIRECT',
    subtype,
    ...extra,
  };
}

/** Each output column copied unchanged from the same-named input column. */
function identity(input: DemoTable, pairs: Record<string, string>): Record<string, DemoInputField[]> {
  return Object.fromEntries(Object.entries(pairs).map(([out, from]) => [out, [col(input, from, 'IDENTITY')]]));
}

const ingestion = (name: string, description: string, input: DemoTable, output: DemoTable, rows: number) => ({
  name: `${DAG}.${name}`,
  description,
  owners: ['team:data-platform'],
  integration: 'AIRFLOW' as const,
  jobType: 'TASK' as const,
  inputs: [input],
  output,
  sql: null,
  dataset: [],
  rows,
});

/** The DAG's tasks in run order. `paymentsSchema` 2 is the world after the billing change. */
export function warehouseTasks(paymentsSchema: 1 | 2): DemoTask[] {
  const payments = rawPayments(paymentsSchema);
  const stagedPayments = stgPayments(paymentsSchema);
  return [
    {
      ...ingestion(
        'sync_crm_customers',
        'Copies CRM contacts into the warehouse.',
        salesforceContact,
        rawCustomers,
        48_200,
      ),
      fields: {
        ...identity(salesforceContact, {
          customer_id: 'Id',
          email: 'Email',
          full_name: 'Name',
          segment: 'Segment__c',
          plan: 'Plan__c',
        }),
        country_code: [col(salesforceContact, 'MailingCountryCode', 'TRANSFORMATION', { description: 'upper()' })],
        signup_at: [col(salesforceContact, 'CreatedDate', 'TRANSFORMATION', { description: 'to UTC' })],
        updated_at: [col(salesforceContact, 'LastModifiedDate', 'TRANSFORMATION', { description: 'to UTC' })],
      },
    },
    {
      ...ingestion(
        'land_usage_events',
        'Lands the product usage topic into the warehouse.',
        usageTopic,
        rawUsageEvents,
        1_940_000,
      ),
      fields: {
        ...identity(usageTopic, {
          event_id: 'event_id',
          customer_id: 'customer_id',
          event_type: 'type',
          session_id: 'session_id',
          duration_ms: 'duration_ms',
        }),
        occurred_at: [col(usageTopic, 'ts', 'TRANSFORMATION', { description: 'epoch millis to timestamptz' })],
      },
    },
    {
      ...ingestion('load_payments', 'Loads the nightly Stripe charges export.', stripeCharges, payments, 61_500),
      fields: {
        ...identity(stripeCharges, { payment_id: 'id', status: 'status' }),
        customer_id: [col(stripeCharges, 'customer', 'TRANSFORMATION', { description: 'Stripe customer to CRM id' })],
        ...(paymentsSchema === 1
          ? { amount_cents: [col(stripeCharges, 'amount', 'IDENTITY')] }
          : {
              amount_minor: [col(stripeCharges, 'amount', 'IDENTITY')],
              currency: [col(stripeCharges, 'currency', 'IDENTITY')],
            }),
        paid_at: [col(stripeCharges, 'created', 'TRANSFORMATION', { description: 'epoch seconds to timestamptz' })],
      },
    },
    {
      name: `${DAG}.stg_customers`,
      description: 'Cleans CRM customers and hashes the email.',
      owners: ['team:analytics-engineering'],
      integration: 'SQL',
      jobType: 'QUERY',
      inputs: [rawCustomers],
      output: stgCustomers,
      sql: [
        'INSERT INTO analytics.staging.stg_customers',
        'SELECT customer_id, sha256(lower(email)) AS email_hash, upper(country_code) AS country_code,',
        '       segment, plan, CAST(signup_at AS DATE) AS signup_date',
        'FROM analytics.raw.crm_customers',
        'WHERE customer_id IS NOT NULL',
      ].join('\n'),
      fields: {
        ...identity(rawCustomers, { customer_id: 'customer_id', segment: 'segment', plan: 'plan' }),
        email_hash: [
          col(rawCustomers, 'email', 'TRANSFORMATION', { masking: true, description: 'sha256(lower(email))' }),
        ],
        country_code: [col(rawCustomers, 'country_code', 'TRANSFORMATION', { description: 'upper()' })],
        signup_date: [col(rawCustomers, 'signup_at', 'TRANSFORMATION', { description: 'CAST AS DATE' })],
      },
      dataset: [col(rawCustomers, 'customer_id', 'FILTER')],
      rows: 48_050,
    },
    {
      name: `${DAG}.stg_usage_events`,
      description: 'Drops heartbeats and converts durations to minutes.',
      owners: ['team:analytics-engineering'],
      integration: 'SQL',
      jobType: 'QUERY',
      inputs: [rawUsageEvents],
      output: stgUsageEvents,
      sql: [
        'INSERT INTO analytics.staging.stg_usage_events',
        'SELECT event_id, customer_id, event_type, session_id,',
        '       duration_ms / 60000.0 AS duration_minutes, CAST(occurred_at AS DATE) AS event_date',
        'FROM analytics.raw.product_usage_events',
        "WHERE event_type <> 'heartbeat'",
      ].join('\n'),
      fields: {
        ...identity(rawUsageEvents, {
          event_id: 'event_id',
          customer_id: 'customer_id',
          event_type: 'event_type',
          session_id: 'session_id',
        }),
        duration_minutes: [
          col(rawUsageEvents, 'duration_ms', 'TRANSFORMATION', { description: 'duration_ms / 60000.0' }),
        ],
        event_date: [col(rawUsageEvents, 'occurred_at', 'TRANSFORMATION', { description: 'CAST AS DATE' })],
      },
      dataset: [col(rawUsageEvents, 'event_type', 'FILTER')],
      rows: 1_610_000,
    },
    {
      name: `${DAG}.stg_payments`,
      description: 'Keeps settled and failed payments, amounts in major units.',
      owners: ['team:analytics-engineering'],
      integration: 'SQL',
      jobType: 'QUERY',
      inputs: [payments],
      output: stagedPayments,
      sql: [
        'INSERT INTO analytics.staging.stg_payments',
        paymentsSchema === 1
          ? 'SELECT payment_id, customer_id, amount_cents / 100.0 AS amount, status, paid_at'
          : 'SELECT payment_id, customer_id, amount_minor / 100.0 AS amount, currency, status, paid_at',
        'FROM analytics.raw.payments',
        "WHERE status IN ('succeeded', 'failed')",
      ].join('\n'),
      fields: {
        ...identity(payments, {
          payment_id: 'payment_id',
          customer_id: 'customer_id',
          status: 'status',
          paid_at: 'paid_at',
        }),
        ...(paymentsSchema === 1
          ? { amount: [col(payments, 'amount_cents', 'TRANSFORMATION', { description: 'amount_cents / 100.0' })] }
          : {
              amount: [col(payments, 'amount_minor', 'TRANSFORMATION', { description: 'amount_minor / 100.0' })],
              currency: [col(payments, 'currency', 'IDENTITY')],
            }),
      },
      dataset: [col(payments, 'status', 'FILTER')],
      rows: 60_900,
    },
    ...martTasks(stagedPayments),
  ];
}

function martTasks(payments: DemoTable): DemoTask[] {
  const analytics = { owners: ['team:analytics-engineering'], integration: 'SQL' as const, jobType: 'QUERY' as const };
  return [
    {
      ...analytics,
      name: `${DAG}.dim_customers`,
      description: 'Builds the customer dimension with the first successful payment.',
      inputs: [stgCustomers, payments],
      output: dimCustomers,
      sql: [
        'INSERT INTO analytics.marts.dim_customers',
        'SELECT c.customer_id, c.email_hash, c.country_code, c.segment, c.plan, c.signup_date,',
        '       MIN(p.paid_at) AS first_payment_at',
        'FROM analytics.staging.stg_customers c',
        'LEFT JOIN analytics.staging.stg_payments p',
        "  ON p.customer_id = c.customer_id AND p.status = 'succeeded'",
        'GROUP BY c.customer_id, c.email_hash, c.country_code, c.segment, c.plan, c.signup_date',
      ].join('\n'),
      fields: {
        ...identity(stgCustomers, {
          customer_id: 'customer_id',
          email_hash: 'email_hash',
          country_code: 'country_code',
          segment: 'segment',
          plan: 'plan',
          signup_date: 'signup_date',
        }),
        first_payment_at: [col(payments, 'paid_at', 'AGGREGATION', { description: 'MIN(paid_at)' })],
      },
      dataset: [
        col(stgCustomers, 'customer_id', 'JOIN'),
        col(payments, 'customer_id', 'JOIN'),
        col(payments, 'status', 'FILTER'),
        col(stgCustomers, 'customer_id', 'GROUP_BY'),
      ],
      rows: 48_050,
    },
    {
      ...analytics,
      name: `${DAG}.fct_daily_usage`,
      description: 'Aggregates usage per customer per day.',
      inputs: [stgUsageEvents],
      output: fctDailyUsage,
      sql: [
        'INSERT INTO analytics.marts.fct_daily_usage',
        'SELECT customer_id, event_date AS usage_date, COUNT(DISTINCT session_id) AS sessions,',
        '       SUM(duration_minutes) AS active_minutes, COUNT(*) AS events',
        'FROM analytics.staging.stg_usage_events',
        'GROUP BY customer_id, event_date',
      ].join('\n'),
      fields: {
        customer_id: [col(stgUsageEvents, 'customer_id', 'IDENTITY')],
        usage_date: [col(stgUsageEvents, 'event_date', 'IDENTITY')],
        sessions: [col(stgUsageEvents, 'session_id', 'AGGREGATION', { description: 'COUNT(DISTINCT session_id)' })],
        active_minutes: [
          col(stgUsageEvents, 'duration_minutes', 'AGGREGATION', { description: 'SUM(duration_minutes)' }),
        ],
        events: [col(stgUsageEvents, 'event_id', 'AGGREGATION', { description: 'COUNT(*)' })],
      },
      dataset: [col(stgUsageEvents, 'customer_id', 'GROUP_BY'), col(stgUsageEvents, 'event_date', 'GROUP_BY')],
      rows: 212_000,
    },
    {
      ...analytics,
      name: `${DAG}.fct_payments`,
      description: 'Paid amounts and failed payments per customer per day.',
      inputs: [payments],
      output: fctPayments,
      sql: [
        'INSERT INTO analytics.marts.fct_payments',
        'SELECT customer_id, CAST(paid_at AS DATE) AS payment_date,',
        "       SUM(CASE WHEN status = 'succeeded' THEN amount ELSE 0 END) AS amount_paid,",
        "       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments",
        'FROM analytics.staging.stg_payments',
        'GROUP BY customer_id, CAST(paid_at AS DATE)',
      ].join('\n'),
      fields: {
        customer_id: [col(payments, 'customer_id', 'IDENTITY')],
        payment_date: [col(payments, 'paid_at', 'TRANSFORMATION', { description: 'CAST AS DATE' })],
        amount_paid: [col(payments, 'amount', 'AGGREGATION'), col(payments, 'status', 'CONDITIONAL')],
        failed_payments: [col(payments, 'status', 'CONDITIONAL'), col(payments, 'payment_id', 'AGGREGATION')],
      },
      dataset: [col(payments, 'customer_id', 'GROUP_BY'), col(payments, 'paid_at', 'GROUP_BY')],
      rows: 57_300,
    },
    {
      ...analytics,
      owners: ['team:ml-platform'],
      name: `${DAG}.customer_features`,
      description: 'Computes the churn model features over 30 and 90 day windows.',
      inputs: [dimCustomers, fctDailyUsage, fctPayments],
      output: customerFeatures,
      sql: [
        'INSERT INTO analytics.features.customer_features',
        'SELECT d.customer_id, CURRENT_DATE - d.signup_date AS tenure_days, d.plan, d.country_code,',
        '       SUM(u.sessions) AS sessions_30d, SUM(u.active_minutes) AS active_minutes_30d,',
        '       CURRENT_DATE - MAX(u.usage_date) AS days_since_last_active,',
        '       SUM(p.amount_paid) AS total_paid_90d, SUM(p.failed_payments) AS failed_payments_90d',
        'FROM analytics.marts.dim_customers d',
        'LEFT JOIN analytics.marts.fct_daily_usage u ON u.customer_id = d.customer_id AND u.usage_date >= CURRENT_DATE - 30',
        'LEFT JOIN analytics.marts.fct_payments p ON p.customer_id = d.customer_id AND p.payment_date >= CURRENT_DATE - 90',
        'GROUP BY d.customer_id, d.signup_date, d.plan, d.country_code',
      ].join('\n'),
      fields: {
        ...identity(dimCustomers, { customer_id: 'customer_id', plan: 'plan', country_code: 'country_code' }),
        tenure_days: [
          col(dimCustomers, 'signup_date', 'TRANSFORMATION', { description: 'CURRENT_DATE - signup_date' }),
        ],
        sessions_30d: [col(fctDailyUsage, 'sessions', 'AGGREGATION')],
        active_minutes_30d: [col(fctDailyUsage, 'active_minutes', 'AGGREGATION')],
        days_since_last_active: [
          col(fctDailyUsage, 'usage_date', 'AGGREGATION', { description: 'CURRENT_DATE - MAX(usage_date)' }),
        ],
        total_paid_90d: [col(fctPayments, 'amount_paid', 'AGGREGATION')],
        failed_payments_90d: [col(fctPayments, 'failed_payments', 'AGGREGATION')],
      },
      dataset: [
        col(dimCustomers, 'customer_id', 'JOIN'),
        col(fctDailyUsage, 'customer_id', 'JOIN'),
        col(fctPayments, 'customer_id', 'JOIN'),
        col(fctDailyUsage, 'usage_date', 'FILTER'),
        col(fctPayments, 'payment_date', 'FILTER'),
        col(dimCustomers, 'customer_id', 'GROUP_BY'),
      ],
      rows: 48_050,
    },
  ];
}
