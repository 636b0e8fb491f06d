import type { Mutation } from '../model/mutation.js';
import type { Store, StoredEvent } from '../store/store.js';
import type { Logger } from './delivery-worker.js';
import { evaluateRule, type IngestedRecord } from './evaluate-rules.js';
import type { LiveEvents } from './live-events.js';
import type { Alert } from './rules.js';
import { listSubscriptions, type Subscription } from './subscriptions.js';

/** Deliveries that may wait in the queue at once (default); past it new alerts are dropped and logged. */
export const DEFAULT_MAX_PENDING = 10_000;
/** Ingested records waiting for evaluation in memory; past it records are skipped and logged. */
const MAX_BACKLOG = 10_000;
/** Least time between two writes of the evaluation progress (a crash re-evaluates at most this much). */
const PROGRESS_INTERVAL_MS = 1_000;
/** Log records read at a time when catching up. */
const CATCH_UP_PAGE = 500;
/** Sources whose records change the graph (the others have nothing for rules to evaluate). */
const GRAPH_SOURCES = new Set(['openlineage', 'dbt', 'apply', 'annotate', 'mlflow', 'feast']);

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
 * How far it got is recorded in the store (at most once a second), so a server that starts after
 * a crash evaluates what was committed but never evaluated ({@link catchUp}).
 */
export class AlertNotifier {
  private backlog: IngestedRecord[] = [];
  private working: Promise<void> | null = null;
  private catchingUp: Promise<number> | null = null;
  private evaluatedThrough = 0;
  private recordedThrough = 0;
  private recordedAt = 0;
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
    this.evaluateLater(records);
  };

  private evaluateLater(records: readonly IngestedRecord[]): void {
    // Nothing to do must start no work: a work() with nothing to do ends before it is stored.
    if (records.length === 0) return;
    const room = MAX_BACKLOG - this.backlog.length;
    if (records.length > room) {
      this.options.logger.warn({ skipped: records.length - room }, 'alert evaluation backlog full; records skipped');
    }
    this.backlog.push(...records.slice(0, Math.max(0, room)));
    if (!this.working) this.working = this.work();
  }

  /**
   * Evaluates the records the log holds past the recorded progress: what a crash committed and
   * never evaluated. `replay` re-derives a record's change (null for records that change no
   * graph). Evaluating a record twice is harmless: the queue takes each alert once.
   */
  catchUp(replay: (record: StoredEvent) => Promise<Mutation | null>): Promise<number> {
    this.catchingUp ??= this.readMissed(replay).finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  private async readMissed(replay: (record: StoredEvent) => Promise<Mutation | null>): Promise<number> {
    const from = await this.store.active.readAlertProgress();
    let missed = 0;
    for (let offset = from; ; offset += CATCH_UP_PAGE) {
      // Sequence numbers run from 1 without gaps, so the offset in log order is the last one seen.
      const page = await this.store.listEvents({ order: 'asc', offset, limit: CATCH_UP_PAGE });
      const records: IngestedRecord[] = [];
      for (const event of page.items) {
        if (event.seq <= from || !GRAPH_SOURCES.has(event.source)) continue;
        const mutation = await replay(event).catch((error: unknown) => {
          // A record its ingest path no longer reads (written by another tool, say) has nothing to evaluate.
          this.options.logger.warn({ err: error, seq: event.seq }, 'record skipped by alert catch-up: not replayable');
          return null;
        });
        if (mutation) records.push({ seq: event.seq, mutation });
      }
      missed += records.length;
      this.evaluateLater(records);
      if (page.items.length < CATCH_UP_PAGE) return missed;
    }
  }

  /** Records how far evaluation got, now (the notifier otherwise records at most once a second). */
  async flushProgress(): Promise<void> {
    await this.recordProgress(true);
  }

  private async recordProgress(force: boolean): Promise<void> {
    if (this.evaluatedThrough <= this.recordedThrough) return;
    if (!force && Date.now() - this.recordedAt < PROGRESS_INTERVAL_MS) return;
    const seq = this.evaluatedThrough;
    this.recordedAt = Date.now();
    await this.store.active.recordAlertProgress(seq);
    this.recordedThrough = Math.max(this.recordedThrough, seq);
  }

  /** Resolves when every record handed over so far (and any catching up) has been evaluated. */
  async idle(): Promise<void> {
    while (this.working || this.catchingUp) {
      // Its caller hears of a failed catch-up; waiting for it only needs it over.
      await this.catchingUp?.catch(() => undefined);
      await this.working;
    }
  }

  private async work(): Promise<void> {
    try {
      while (this.backlog.length > 0) {
        const records = this.backlog;
        this.backlog = [];
        const subscriptions = (await listSubscriptions(this.store)).filter((s) => s.rule.kind !== 'policy_violation');
        for (const record of records) {
          if (subscriptions.length > 0) await this.evaluate(subscriptions, record);
          this.evaluatedThrough = Math.max(this.evaluatedThrough, record.seq);
        }
        await this.recordProgress(false);
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
