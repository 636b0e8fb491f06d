import type { Store } from '../store/store.js';
import type { AlertNotifier } from './alert-notifier.js';
import { checkPolicy, type PolicyReport, type PolicyViolation } from './check-policy.js';
import type { Logger } from './delivery-worker.js';
import type { Policy } from './policy-schema.js';
import type { Alert } from './rules.js';
import { listSubscriptions } from './subscriptions.js';

/** Turns a violation into the alert `policy_violation` subscriptions receive (same violation: same key). */
export function violationAlert(violation: PolicyViolation): Alert {
  return {
    rule: 'policy_violation',
    dedupKey: `policy|${violation.rule}|${violation.nodes.join(',')}|${violation.path.join('>')}`,
    summary: `policy rule ${violation.rule}: ${violation.message}`,
    nodes: violation.nodes,
    owners: [],
    evidence: { ...violation },
  };
}

/**
 * The server's continuous policy check: runs at start and again after ingests (at most once per
 * `intervalMs`), keeps the latest report, and queues each new violation for the
 * `policy_violation` subscriptions (all of them, or those naming the violated rule).
 */
export class PolicyMonitor {
  private latest: PolicyReport | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly notifier: AlertNotifier,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  get report(): PolicyReport | null {
    return this.latest;
  }

  /** Asks for a check soon (after an ingest). */
  request(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.check();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Checks now and queues the violations; resolves when done. */
  check(): Promise<void> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      this.latest = await checkPolicy(this.store, this.policy);
      const subscriptions = (await listSubscriptions(this.store)).filter((s) => s.rule.kind === 'policy_violation');
      for (const subscription of subscriptions) {
        const only = subscription.rule.kind === 'policy_violation' ? subscription.rule.policy : undefined;
        const alerts = this.latest.violations.filter((v) => !only || v.rule === only).map(violationAlert);
        await this.notifier.enqueue(subscription, alerts);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'policy check failed');
    }
  }
}
