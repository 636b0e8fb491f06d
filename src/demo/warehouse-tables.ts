import type { DemoField } from './openlineage-facets.js';

/**
 * The tables of the demo's warehouse: three sources (CRM, product usage, payments) loaded from
 * outside systems into a PostgreSQL warehouse, then staging, marts and the customer features
 * the churn model is trained on.
 */

export const WAREHOUSE = 'postgres://warehouse.acme.internal:5432';
export const SALESFORCE = 'salesforce://acme.my.salesforce.com';
export const KAFKA = 'kafka://kafka-1.acme.internal:9092';
export const BILLING_EXPORTS = 's3://acme-billing-exports';
export const AIRFLOW = 'acme-airflow';

export interface DemoTable {
  namespace: string;
  name: string;
  description: string;
  owners: string[];
  fields: DemoField[];
}

const PLATFORM = ['team:data-platform', 'user:dana.kim@acme.com'];
const ANALYTICS = ['team:analytics-engineering', 'user:li.wei@acme.com'];
const ML = ['team:ml-platform', 'user:maria.lopez@acme.com'];

const f = (name: string, type: string, description?: string): DemoField =>
  description ? { name, type, description } : { name, type };

export const salesforceContact: DemoTable = {
  namespace: SALESFORCE,
  name: 'Contact',
  description: 'Salesforce Contact object: one row per customer account owner.',
  owners: ['team:sales-ops'],
  fields: [
    f('Id', 'id'),
    f('Email', 'email'),
    f('Name', 'string'),
    f('MailingCountryCode', 'string'),
    f('Segment__c', 'picklist'),
    f('Plan__c', 'picklist'),
    f('CreatedDate', 'datetime'),
    f('LastModifiedDate', 'datetime'),
  ],
};

export const usageTopic: DemoTable = {
  namespace: KAFKA,
  name: 'product.usage.v1',
  description: 'Product usage events emitted by the web and mobile apps.',
  owners: ['team:product-engineering'],
  fields: [
    f('event_id', 'string'),
    f('customer_id', 'long'),
    f('type', 'string'),
    f('session_id', 'string'),
    f('duration_ms', 'long'),
    f('ts', 'timestamp-millis'),
  ],
};

export const stripeCharges: DemoTable = {
  namespace: BILLING_EXPORTS,
  name: 'stripe/charges',
  description: 'Nightly export of Stripe charges.',
  owners: ['team:billing'],
  fields: [
    f('id', 'string'),
    f('customer', 'string'),
    f('amount', 'long'),
    f('currency', 'string'),
    f('status', 'string'),
    f('created', 'long'),
  ],
};

export const rawCustomers: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.raw.crm_customers',
  description: 'Customers synced hourly from the CRM. Contains PII (email, full name).',
  owners: PLATFORM,
  fields: [
    f('customer_id', 'bigint', 'CRM account id'),
    f('email', 'varchar', 'PII: primary contact email'),
    f('full_name', 'varchar', 'PII: primary contact name'),
    f('country_code', 'char(2)'),
    f('segment', 'varchar', 'smb | mid_market | enterprise'),
    f('plan', 'varchar', 'free | starter | pro | enterprise'),
    f('signup_at', 'timestamp'),
    f('updated_at', 'timestamp'),
  ],
};

export const rawUsageEvents: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.raw.product_usage_events',
  description: 'Raw product usage events landed from Kafka.',
  owners: PLATFORM,
  fields: [
    f('event_id', 'uuid'),
    f('customer_id', 'bigint'),
    f('event_type', 'varchar'),
    f('session_id', 'varchar'),
    f('duration_ms', 'bigint'),
    f('occurred_at', 'timestamptz'),
  ],
};

/** The payments table before and after the billing team's change on day 3 (amount in minor units plus currency). */
export function rawPayments(schemaVersion: 1 | 2): DemoTable {
  const amount =
    schemaVersion === 1
      ? [f('amount_cents', 'bigint', 'charged amount in US cents')]
      : [f('amount_minor', 'bigint', 'charged amount in minor units of currency'), f('currency', 'char(3)')];
  return {
    namespace: WAREHOUSE,
    name: 'analytics.raw.payments',
    description: 'Card payments exported from Stripe.',
    owners: PLATFORM,
    fields: [
      f('payment_id', 'varchar'),
      f('customer_id', 'bigint'),
      ...amount,
      f('status', 'varchar', 'succeeded | failed | refunded'),
      f('paid_at', 'timestamptz'),
    ],
  };
}

export const stgCustomers: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.staging.stg_customers',
  description: 'Cleaned customers; the email is hashed so nothing downstream holds PII.',
  owners: ANALYTICS,
  fields: [
    f('customer_id', 'bigint'),
    f('email_hash', 'char(64)', 'sha256 of the lower-cased email'),
    f('country_code', 'char(2)'),
    f('segment', 'varchar'),
    f('plan', 'varchar'),
    f('signup_date', 'date'),
  ],
};

export const stgUsageEvents: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.staging.stg_usage_events',
  description: 'Usage events without heartbeats, durations in minutes.',
  owners: ANALYTICS,
  fields: [
    f('event_id', 'uuid'),
    f('customer_id', 'bigint'),
    f('event_type', 'varchar'),
    f('session_id', 'varchar'),
    f('duration_minutes', 'numeric'),
    f('event_date', 'date'),
  ],
};

export function stgPayments(schemaVersion: 1 | 2): DemoTable {
  return {
    namespace: WAREHOUSE,
    name: 'analytics.staging.stg_payments',
    description: 'Settled and failed payments with amounts in major currency units.',
    owners: ANALYTICS,
    fields: [
      f('payment_id', 'varchar'),
      f('customer_id', 'bigint'),
      f('amount', 'numeric(12,2)'),
      ...(schemaVersion === 2 ? [f('currency', 'char(3)')] : []),
      f('status', 'varchar'),
      f('paid_at', 'timestamptz'),
    ],
  };
}

export const dimCustomers: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.marts.dim_customers',
  description: 'One row per customer with profile attributes and first payment date.',
  owners: ANALYTICS,
  fields: [
    f('customer_id', 'bigint'),
    f('email_hash', 'char(64)'),
    f('country_code', 'char(2)'),
    f('segment', 'varchar'),
    f('plan', 'varchar'),
    f('signup_date', 'date'),
    f('first_payment_at', 'timestamptz'),
  ],
};

export const fctDailyUsage: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.marts.fct_daily_usage',
  description: 'Sessions, active minutes and events per customer per day.',
  owners: ANALYTICS,
  fields: [
    f('customer_id', 'bigint'),
    f('usage_date', 'date'),
    f('sessions', 'integer'),
    f('active_minutes', 'numeric'),
    f('events', 'integer'),
  ],
};

export const fctPayments: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.marts.fct_payments',
  description: 'Paid amount and failed payment count per customer per day.',
  owners: ANALYTICS,
  fields: [
    f('customer_id', 'bigint'),
    f('payment_date', 'date'),
    f('amount_paid', 'numeric(12,2)'),
    f('failed_payments', 'integer'),
  ],
};

export const customerFeatures: DemoTable = {
  namespace: WAREHOUSE,
  name: 'analytics.features.customer_features',
  description: 'Per-customer features for the churn model, recomputed daily.',
  owners: ML,
  fields: [
    f('customer_id', 'bigint'),
    f('tenure_days', 'integer'),
    f('plan', 'varchar'),
    f('country_code', 'char(2)'),
    f('sessions_30d', 'integer'),
    f('active_minutes_30d', 'numeric'),
    f('days_since_last_active', 'integer'),
    f('total_paid_90d', 'numeric(12,2)'),
    f('failed_payments_90d', 'integer'),
  ],
};
