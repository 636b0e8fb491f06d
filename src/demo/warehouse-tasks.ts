import { martTasks } from './warehouse-marts.js';
import {
  type DemoTable,
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
import { col, DAG, type DemoTask, identity } from './warehouse-task.js';

export { DAG, type DemoTask } from './warehouse-task.js';

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
