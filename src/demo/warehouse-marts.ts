import type { DemoTable } from './warehouse-tables.js';
import {
  customerFeatures,
  dimCustomers,
  fctDailyUsage,
  fctPayments,
  stgCustomers,
  stgUsageEvents,
} from './warehouse-tables.js';
import { col, DAG, type DemoTask, identity } from './warehouse-task.js';

/** The marts and the customer features, reading staged payments of either schema. */
export function martTasks(payments: DemoTable): DemoTask[] {
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
