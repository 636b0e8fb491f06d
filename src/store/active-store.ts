import type { Page } from './store.js';

/**
 * Active metadata kept beside the graph: incidents on nodes, alert subscriptions, the bounded
 * delivery queue (which is also the delivery log), and daily per-feature prediction histograms
 * (drift). A store component like the prediction log: portable SQL in `sql-active-store.ts`,
 * tables added by the engines' migrations. Incidents and subscriptions are recorded in the
 * event log (`admin` records) in the same transaction as their row.
 */
export interface ActiveStore {
  openIncident(input: IncidentInput, actor: string | null): Promise<Incident>;
  /** Adds a note and/or changes title or severity; resolves when `resolve` is set. Null when unknown. */
  updateIncident(id: string, change: IncidentChange, actor: string | null): Promise<Incident | null>;
  getIncident(id: string): Promise<Incident | null>;
  /** Newest first. */
  listIncidents(query: IncidentQuery): Promise<Page<Incident>>;

  createSubscription(input: SubscriptionRecord, actor: string | null): Promise<SubscriptionRecord>;
  getSubscription(id: string): Promise<SubscriptionRecord | null>;
  /** Oldest first. */
  listSubscriptions(): Promise<SubscriptionRecord[]>;
  /** Removes the subscription (its delivery log stays); false when unknown. */
  deleteSubscription(id: string, actor: string | null): Promise<boolean>;

  /**
   * Queues one delivery unless the same subscription already has one with this `dedupKey`
   * (`duplicate`) or `maxPending` deliveries are waiting (`full`: the queue is bounded).
   */
  enqueueDelivery(input: DeliveryInput, maxPending: number): Promise<EnqueueResult>;
  /**
   * Takes up to `limit` pending deliveries due at `now` and leases them until `leaseUntil` (their
   * next attempt time moves there), so two workers sharing a database never send one twice at once.
   */
  claimDueDeliveries(now: string, leaseUntil: string, limit: number): Promise<Delivery[]>;
  /** Records one attempt: delivered, retried at `nextAttemptAt`, or failed for good when that is null. */
  recordAttempt(id: number, attempt: DeliveryAttempt): Promise<void>;
  /** Newest first. */
  listDeliveries(query: DeliveryQuery): Promise<Page<Delivery>>;

  /**
   * The highest event-log sequence number whose records alert rules were evaluated against (a
   * database created before alerts starts at its last record). A server that starts evaluates the
   * records after it: what a crash committed but never evaluated.
   */
  readAlertProgress(): Promise<number>;
  /** Raises {@link readAlertProgress} to `seq` (never lowers it). */
  recordAlertProgress(seq: number): Promise<void>;

  /** Adds counts to the daily per-feature histograms (rows with the same key are summed). */
  addFeatureCounts(rows: readonly FeatureCount[]): Promise<void>;
  /** Histogram rows of one deployment for days in [fromDay, toDay] (YYYY-MM-DD). */
  readFeatureCounts(deployment: string, fromDay: string, toDay: string): Promise<FeatureCount[]>;
}

export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export type IncidentStatus = 'open' | 'resolved';

export interface IncidentNote {
  at: string;
  actor: string | null;
  message: string;
}

export interface Incident {
  id: string;
  nodeId: string;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  openedAt: string;
  openedBy: string | null;
  updatedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  notes: IncidentNote[];
}

export interface IncidentInput {
  id: string;
  nodeId: string;
  title: string;
  severity: IncidentSeverity;
  at: string;
  note: string | null;
}

export interface IncidentChange {
  at: string;
  note?: string | undefined;
  title?: string | undefined;
  severity?: IncidentSeverity | undefined;
  resolve?: boolean | undefined;
}

export interface IncidentQuery {
  nodeIds?: readonly string[];
  status?: IncidentStatus;
  /** Only incidents open at this time: opened by then and not resolved by then. */
  openAt?: string;
  limit?: number;
  offset?: number;
}

/** A subscription as stored: the rule and target are validated JSON (see `src/active/`). */
export interface SubscriptionRecord {
  id: string;
  rule: Record<string, unknown>;
  target: Record<string, unknown>;
  /** HMAC-SHA256 key of the webhook signatures; never listed over the API. */
  secret: string;
  description: string | null;
  createdAt: string;
  createdBy: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryInput {
  subscriptionId: string;
  dedupKey: string;
  rule: string;
  payload: Record<string, unknown>;
  at: string;
}

export type EnqueueResult = { status: 'queued'; id: number } | { status: 'duplicate' | 'full' };

export interface Delivery {
  id: number;
  subscriptionId: string;
  dedupKey: string;
  rule: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: string | null;
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  subscriptionId?: string;
  limit?: number;
  offset?: number;
}

export interface FeatureCount {
  deployment: string;
  day: string;
  feature: string;
  bucket: string;
  count: number;
}
