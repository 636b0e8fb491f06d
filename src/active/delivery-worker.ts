import type { Delivery } from '../store/active-store.js';
import type { Store } from '../store/store.js';
import { sendDelivery } from './send-delivery.js';
import { readSubscription } from './subscriptions.js';

export interface DeliveryOptions {
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
  /** First retry delay; each further retry doubles it (default 2 s, capped at one hour). */
  backoffMs?: number;
  /** Attempts before a delivery is marked failed (default 8). */
  maxAttempts?: number;
  /** How often the queue is polled when nothing wakes the worker (default 2 s). */
  pollMs?: number;
  /** Deliveries sent at once (default 8). */
  concurrency?: number;
  /** Queue only, never send (a read-only replica, or a test of restarts). */
  paused?: boolean;
}

export interface Logger {
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

const MAX_BACKOFF_MS = 3_600_000;

/** The delay before attempt `attempts + 1`: backoff x 2^(attempts - 1), capped at one hour. */
export function retryDelay(attempts: number, backoffMs: number): number {
  return Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * The asynchronous delivery worker: takes due deliveries from the persistent queue (leased, so
 * several servers on one database never send one twice at once), sends them with a timeout,
 * and records each attempt: delivered, retried with exponential backoff, or failed after the
 * last attempt. A restart loses nothing: pending rows wait in the table.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly options: Required<DeliveryOptions>;

  constructor(
    private readonly store: Store,
    options: DeliveryOptions,
    private readonly logger: Logger,
  ) {
    this.options = {
      timeoutMs: options.timeoutMs ?? 5_000,
      backoffMs: options.backoffMs ?? 2_000,
      maxAttempts: options.maxAttempts ?? 8,
      pollMs: options.pollMs ?? 2_000,
      concurrency: options.concurrency ?? 8,
      paused: options.paused ?? false,
    };
  }

  start(): void {
    if (this.options.paused) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a pass soon (new deliveries were queued). */
  wake(): void {
    if (!this.stopped && !this.options.paused) this.schedule(0);
  }

  /** Stops polling and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over everything due now; resolves when those attempts are recorded. */
  async drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain()
        .catch((error: unknown) => this.logger.error({ err: error }, 'alert delivery pass failed'))
        .finally(() => {
          if (this.stopped) return;
          this.schedule(this.again ? 0 : this.options.pollMs);
          this.again = false;
        });
    }, delay);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const due = await this.store.active.claimDueDeliveries(
        new Date(now).toISOString(),
        new Date(now + this.options.timeoutMs * 2 + 1_000).toISOString(),
        this.options.concurrency,
      );
      if (due.length === 0) return;
      await Promise.all(due.map((delivery) => this.attempt(delivery)));
      if (this.stopped) return;
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const record = await this.store.active.getSubscription(delivery.subscriptionId);
    const subscription = record ? readSubscription(record) : null;
    const at = new Date().toISOString();
    if (!subscription) {
      await this.store.active.recordAttempt(delivery.id, {
        at,
        ok: false,
        responseStatus: null,
        error: 'the subscription no longer exists',
        nextAttemptAt: null,
      });
      return;
    }
    const body = JSON.stringify({ ...delivery.payload, delivery: delivery.id, attempt: delivery.attempts + 1 });
    const result = await sendDelivery(subscription.target, subscription.secret, body, this.options.timeoutMs);
    const attempts = delivery.attempts + 1;
    const nextAttemptAt =
      result.ok || attempts >= this.options.maxAttempts
        ? null
        : new Date(Date.now() + retryDelay(attempts, this.options.backoffMs)).toISOString();
    await this.store.active.recordAttempt(delivery.id, { at: new Date().toISOString(), ...result, nextAttemptAt });
    if (!result.ok) {
      this.logger.warn(
        { delivery: delivery.id, subscription: subscription.id, error: result.error, retryAt: nextAttemptAt },
        'alert delivery failed',
      );
    }
  }
}
