import type { Store } from '../store/store.js';
import type { Logger } from './delivery-worker.js';
import { evaluateRule, type IngestedRecord } from './evaluate-rules.js';
import type { LiveEvents } from './live-events.js';
import type { Alert } from './rules.js';
import { listSubscriptions, type Subscription } from './subscriptions.js';

/** Deliveries that may wait in the queue at once (default); past it new alerts are dropped and logged. */
export const DEFAULT_MAX_PENDING = 10_000;
/** Ingested records waiting for evaluation in memory; past it records are skipped and logged. */
const MAX_BACKLOG = 10_000;

export interface AlertNotifierOptions {
  maxPending?: number;
  logger: Logger;
  live?: LiveEvents;
  /** Called after deliveries were queued (the server wakes its delivery worker). */
  onQueued?: () => void;
}

/**
 * Turns accepted ingests into queued deliveries: after each accepted record, every subscription's
 * rule is evaluated against what the record changed and each alert found is queued once per
 * subscription (the queue de-duplicates on rule + evidence). Evaluation runs in the background,
 * one record after another; ingestion never waits for it. `idle()` resolves when it caught up.
 */
export class AlertNotifier {
  private backlog: IngestedRecord[] = [];
  private working: Promise<void> | null = null;
  private readonly maxPending: number;

  constructor(
    private readonly store: Store,
    private readonly options: AlertNotifierOptions,
  ) {
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /** The {@link IngestListener}: returns at once. */
  readonly onIngested = (records: readonly IngestedRecord[]): void => {
    this.options.live?.publishIngested(records);
    const room = MAX_BACKLOG - this.backlog.length;
    if (records.length > room) {
      this.options.logger.warn({ skipped: records.length - room }, 'alert evaluation backlog full; records skipped');
    }
    this.backlog.push(...records.slice(0, Math.max(0, room)));
    if (!this.working) this.working = this.work();
  };

  /** Resolves when every record handed over so far has been evaluated. */
  async idle(): Promise<void> {
    while (this.working) await this.working;
  }

  private async work(): Promise<void> {
    try {
      while (this.backlog.length > 0) {
        const records = this.backlog;
        this.backlog = [];
        const subscriptions = (await listSubscriptions(this.store)).filter((s) => s.rule.kind !== 'policy_violation');
        if (subscriptions.length === 0) continue;
        for (const record of records) await this.evaluate(subscriptions, record);
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'alert evaluation failed');
    } finally {
      this.working = null;
    }
  }

  private async evaluate(subscriptions: readonly Subscription[], record: IngestedRecord): Promise<void> {
    for (const subscription of subscriptions) {
      try {
        const alerts = await evaluateRule(this.store, subscription.rule, record);
        await this.enqueue(subscription, alerts);
      } catch (error) {
        this.options.logger.error(
          { err: error, subscription: subscription.id, seq: record.seq },
          'alert rule evaluation failed',
        );
      }
    }
  }

  /** Queues alerts for one subscription (also used for policy violations); answers how many were new. */
  async enqueue(subscription: Subscription, alerts: readonly Alert[]): Promise<number> {
    let queued = 0;
    for (const alert of alerts) {
      const at = new Date().toISOString();
      const payload = {
        subscription: subscription.id,
        rule: alert.rule,
        summary: alert.summary,
        at,
        nodes: alert.nodes,
        owners: alert.owners,
        evidence: alert.evidence,
      };
      const result = await this.store.active.enqueueDelivery(
        { subscriptionId: subscription.id, dedupKey: alert.dedupKey, rule: alert.rule, payload, at },
        this.maxPending,
      );
      if (result.status === 'full') {
        this.options.logger.warn(
          { subscription: subscription.id, alert: alert.dedupKey },
          'alert queue full; alert dropped',
        );
      }
      if (result.status !== 'queued') continue;
      queued++;
      this.options.live?.publish({
        type: 'alert',
        subscription: subscription.id,
        rule: alert.rule,
        summary: alert.summary,
        at,
      });
    }
    if (queued > 0) this.options.onQueued?.();
    return queued;
  }
}
