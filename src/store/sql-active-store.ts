import { raiseProgress, readProgress } from './active/alert-progress.js';
import { insertDelivery, leaseDueDeliveries, readDeliveries, writeAttempt } from './active/delivery-queue.js';
import { addCounts, readCounts } from './active/feature-counts.js';
import { changeIncident, insertIncident, readIncident, readIncidents } from './active/incident-table.js';
import {
  insertSubscription,
  readSubscription,
  readSubscriptions,
  removeSubscription,
} from './active/subscription-table.js';
import type {
  ActiveStore,
  Delivery,
  DeliveryAttempt,
  DeliveryInput,
  DeliveryQuery,
  EnqueueResult,
  FeatureCount,
  Incident,
  IncidentChange,
  IncidentInput,
  IncidentQuery,
  SubscriptionRecord,
} from './active-store.js';
import type { SqlDriver } from './sql-driver.js';
import type { Page } from './store.js';

/** The {@link ActiveStore} of both engines, in portable SQL over a {@link SqlDriver}. */
export function createActiveStore(driver: SqlDriver): ActiveStore {
  return {
    openIncident: (input: IncidentInput, actor: string | null) => insertIncident(driver, input, actor),
    updateIncident: (id: string, change: IncidentChange, actor: string | null) =>
      changeIncident(driver, id, change, actor),
    getIncident: (id: string): Promise<Incident | null> => readIncident(driver, id),
    listIncidents: (query: IncidentQuery): Promise<Page<Incident>> => readIncidents(driver, query),
    createSubscription: (input: SubscriptionRecord, actor: string | null) => insertSubscription(driver, input, actor),
    getSubscription: (id: string) => readSubscription(driver, id),
    listSubscriptions: () => readSubscriptions(driver),
    deleteSubscription: (id: string, actor: string | null) => removeSubscription(driver, id, actor),
    enqueueDelivery: (input: DeliveryInput, maxPending: number): Promise<EnqueueResult> =>
      insertDelivery(driver, input, maxPending),
    claimDueDeliveries: (now: string, leaseUntil: string, limit: number): Promise<Delivery[]> =>
      leaseDueDeliveries(driver, now, leaseUntil, limit),
    recordAttempt: (id: number, attempt: DeliveryAttempt) => writeAttempt(driver, id, attempt),
    listDeliveries: (query: DeliveryQuery) => readDeliveries(driver, query),
    readAlertProgress: () => readProgress(driver),
    recordAlertProgress: (seq: number) => raiseProgress(driver, seq),
    addFeatureCounts: (rows: readonly FeatureCount[]) => addCounts(driver, rows),
    readFeatureCounts: (deployment: string, fromDay: string, toDay: string) =>
      readCounts(driver, deployment, fromDay, toDay),
  };
}

/** Tables of the active store; the engines' migrations use this text with their own id column type. */
export function activeTablesSql(idColumn: string): string {
  return `
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  node_id TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  opened_by TEXT,
  updated_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT,
  notes TEXT NOT NULL
);
CREATE INDEX incidents_node ON incidents (node_id, status);
CREATE INDEX incidents_opened ON incidents (opened_at);

CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  target TEXT NOT NULL,
  secret TEXT NOT NULL,
  description TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT
);

CREATE TABLE alert_deliveries (
  id ${idColumn},
  subscription_id TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  rule TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TEXT,
  last_error TEXT,
  response_status INTEGER,
  created_at TEXT NOT NULL,
  delivered_at TEXT,
  UNIQUE (subscription_id, dedup_key)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);

CREATE TABLE feature_histograms (
  deployment TEXT NOT NULL,
  day TEXT NOT NULL,
  feature TEXT NOT NULL,
  bucket TEXT NOT NULL,
  count BIGINT NOT NULL,
  PRIMARY KEY (deployment, day, feature, bucket)
);
`;
}
