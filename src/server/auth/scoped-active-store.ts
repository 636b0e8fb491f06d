import { ForbiddenError } from '../../model/errors.js';
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
} from '../../store/active-store.js';
import type { Page } from '../../store/store.js';
import { type Access, requireRole, seesId } from './access.js';

/**
 * The active store seen through a request's {@link Access}: incidents follow the namespace rules of
 * the nodes they sit on (read: viewer; open and update: editor); subscriptions, the delivery log
 * and drift histograms span every namespace, so they need an unscoped token (reading: viewer;
 * changing: editor; the delivery queue itself: admin, the worker uses the unscoped store).
 */
export class ScopedActiveStore implements ActiveStore {
  constructor(
    private readonly inner: ActiveStore,
    private readonly access: () => Access,
  ) {}

  private check(role: 'viewer' | 'editor' | 'admin', what: string, id?: string): Access {
    const access = this.access();
    requireRole(access, role);
    if (id === undefined ? access.namespaces !== null : !seesId(access, id)) {
      throw new ForbiddenError(
        id === undefined
          ? `${what} spans every namespace; a namespace-scoped token cannot use it`
          : `token ${access.actor} may not use ${what} of ${id}: outside its namespaces`,
      );
    }
    return access;
  }

  openIncident(input: IncidentInput, actor: string | null): Promise<Incident> {
    const access = this.check('editor', 'incidents', input.nodeId);
    return this.inner.openIncident(input, access.actor ?? actor);
  }

  async updateIncident(id: string, change: IncidentChange, actor: string | null): Promise<Incident | null> {
    const existing = await this.getIncident(id);
    if (!existing) return null;
    const access = this.check('editor', 'incidents', existing.nodeId);
    return this.inner.updateIncident(id, change, access.actor ?? actor);
  }

  async getIncident(id: string): Promise<Incident | null> {
    const access = this.access();
    requireRole(access, 'viewer');
    const incident = await this.inner.getIncident(id);
    return incident && seesId(access, incident.nodeId) ? incident : null;
  }

  async listIncidents(query: IncidentQuery): Promise<Page<Incident>> {
    const access = this.access();
    requireRole(access, 'viewer');
    if (access.namespaces === null) return this.inner.listIncidents(query);
    const all = await this.inner.listIncidents({ ...query, limit: 1000, offset: 0 });
    const visible = all.items.filter((incident) => seesId(access, incident.nodeId));
    const offset = query.offset ?? 0;
    return { items: visible.slice(offset, offset + (query.limit ?? 100)), total: visible.length };
  }

  createSubscription(input: SubscriptionRecord, actor: string | null): Promise<SubscriptionRecord> {
    const access = this.check('editor', 'subscriptions');
    return this.inner.createSubscription(input, access.actor ?? actor);
  }

  getSubscription(id: string): Promise<SubscriptionRecord | null> {
    this.check('viewer', 'subscriptions');
    return this.inner.getSubscription(id);
  }

  listSubscriptions(): Promise<SubscriptionRecord[]> {
    this.check('viewer', 'subscriptions');
    return this.inner.listSubscriptions();
  }

  deleteSubscription(id: string, actor: string | null): Promise<boolean> {
    const access = this.check('editor', 'subscriptions');
    return this.inner.deleteSubscription(id, access.actor ?? actor);
  }

  enqueueDelivery(input: DeliveryInput, maxPending: number): Promise<EnqueueResult> {
    this.check('admin', 'the delivery queue');
    return this.inner.enqueueDelivery(input, maxPending);
  }

  claimDueDeliveries(now: string, leaseUntil: string, limit: number): Promise<Delivery[]> {
    this.check('admin', 'the delivery queue');
    return this.inner.claimDueDeliveries(now, leaseUntil, limit);
  }

  recordAttempt(id: number, attempt: DeliveryAttempt): Promise<void> {
    this.check('admin', 'the delivery queue');
    return this.inner.recordAttempt(id, attempt);
  }

  readAlertProgress(): Promise<number> {
    this.check('admin', 'alert evaluation progress');
    return this.inner.readAlertProgress();
  }

  recordAlertProgress(seq: number): Promise<void> {
    this.check('admin', 'alert evaluation progress');
    return this.inner.recordAlertProgress(seq);
  }

  listDeliveries(query: DeliveryQuery): Promise<Page<Delivery>> {
    this.check('viewer', 'the alert log');
    return this.inner.listDeliveries(query);
  }

  addFeatureCounts(rows: readonly FeatureCount[]): Promise<void> {
    this.check('editor', 'drift histograms');
    return this.inner.addFeatureCounts(rows);
  }

  readFeatureCounts(deployment: string, fromDay: string, toDay: string): Promise<FeatureCount[]> {
    this.check('viewer', 'drift histograms', deployment);
    return this.inner.readFeatureCounts(deployment, fromDay, toDay);
  }
}
