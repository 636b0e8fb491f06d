import { replayRecord } from '../ingest/replay/replay-record.js';
import type { Store } from '../store/store.js';
import { AlertNotifier } from './alert-notifier.js';
import { type DeliveryOptions, DeliveryWorker, type Logger } from './delivery-worker.js';
import { LiveEvents } from './live-events.js';
import { type IngestListener, observeIngest } from './observe-ingest.js';
import { PolicyMonitor } from './policy-monitor.js';
import type { Policy } from './policy-schema.js';

export interface ActiveRuntimeOptions {
  delivery?: DeliveryOptions;
  /** Deliveries that may wait at once (default 10,000). */
  maxPending?: number;
  /** A lineage policy checked continuously; violations go to `policy_violation` subscriptions. */
  policy?: Policy;
  /** Least time between two policy checks after ingests (default 5 s). */
  policyIntervalMs?: number;
}

/** Alerts, live events and the delivery worker of one server, around its store. */
export interface ActiveRuntime {
  /** The store to hand to routes: ingests and incidents are observed. */
  readonly store: Store;
  readonly live: LiveEvents;
  readonly notifier: AlertNotifier;
  readonly worker: DeliveryWorker;
  /** The continuous policy check, when a policy was given. */
  readonly policy: PolicyMonitor | null;
  /** Stops the worker after evaluation caught up. */
  close(): Promise<void>;
}

/**
 * Wires the server's active metadata: the post-ingest hook (rules evaluated after each accepted
 * ingest, alerts queued), the live event fan-out, and the asynchronous delivery worker. On start
 * it catches up on records a previous run committed but never evaluated (a crash).
 */
export function createActiveRuntime(store: Store, logger: Logger, options: ActiveRuntimeOptions = {}): ActiveRuntime {
  const live = new LiveEvents();
  let worker: DeliveryWorker | null = null;
  const notifier = new AlertNotifier(store, {
    logger,
    live,
    ...(options.maxPending !== undefined ? { maxPending: options.maxPending } : {}),
    onQueued: () => worker?.wake(),
  });
  worker = new DeliveryWorker(store, options.delivery ?? {}, logger);
  const policy = options.policy
    ? new PolicyMonitor(store, options.policy, notifier, logger, options.policyIntervalMs ?? 5_000)
    : null;
  const onIngested: IngestListener = (records) => {
    notifier.onIngested(records);
    policy?.request();
  };
  const observed = observeIngest(store, onIngested, {
    onIncident: (incident) =>
      live.publish({
        type: 'incident',
        id: incident.id,
        node: incident.nodeId,
        status: incident.status,
        title: incident.title,
        at: incident.updatedAt,
      }),
  });
  const started = worker;
  started.start();
  void policy?.check();
  notifier
    .catchUp(async (record) => {
      const replay = await replayRecord(store, record);
      return replay.replayed ? replay.mutation : null;
    })
    .then((missed) => {
      if (missed > 0)
        logger.warn({ records: missed }, 'alert rules evaluated on records a previous run stopped before');
    })
    .catch((error: unknown) => logger.error({ err: error }, 'catching up on alert rules failed'));
  return {
    store: observed,
    live,
    notifier,
    worker: started,
    policy,
    close: async () => {
      await policy?.close();
      await notifier.idle();
      await notifier.flushProgress();
      await started.stop();
    },
  };
}

/**
 * The CLI's version of the hook on a database it opened: rules are evaluated after each accepted
 * ingest, and before the store closes the alerts queued meanwhile are delivered once (with the
 * usual timeout; what fails stays queued for a server's worker to retry).
 */
export function observeLocalStore(store: Store, logger: Logger, options: DeliveryOptions = {}): Store {
  let queued = false;
  const notifier = new AlertNotifier(store, { logger, onQueued: () => (queued = true) });
  const worker = new DeliveryWorker(store, options, logger);
  return observeIngest(store, notifier.onIngested, {
    beforeClose: async () => {
      await notifier.idle();
      await notifier.flushProgress();
      if (queued) await worker.drain();
    },
  });
}
