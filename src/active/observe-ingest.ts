import type { ActiveStore, Incident } from '../store/active-store.js';
import type { PredictionLog } from '../store/prediction-log.js';
import type { IngestResult, Store } from '../store/store.js';
import type { IngestedRecord } from './evaluate-rules.js';
import { countFeatures } from './feature-buckets.js';

/** Told about every record a store accepted (never duplicates or failures), after it committed. */
export type IngestListener = (records: readonly IngestedRecord[]) => void;

export interface StoreHooks {
  /** Told about each incident opened, updated or resolved. */
  onIncident?: (incident: Incident) => void;
  /** Awaited before the store closes (the CLI finishes evaluating and delivering). */
  beforeClose?: () => Promise<void>;
}

function observeIncidents(active: ActiveStore, onIncident: (incident: Incident) => void): ActiveStore {
  return new Proxy(active, {
    get(target, property) {
      if (property === 'openIncident') {
        const open: ActiveStore['openIncident'] = async (input, actor) => {
          const incident = await target.openIncident(input, actor);
          onIncident(incident);
          return incident;
        };
        return open;
      }
      if (property === 'updateIncident') {
        const update: ActiveStore['updateIncident'] = async (id, change, actor) => {
          const incident = await target.updateIncident(id, change, actor);
          if (incident) onIncident(incident);
          return incident;
        };
        return update;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const COUNTING = Symbol('rootline.countingPredictions');

/**
 * The prediction log with the drift histograms kept up to date: after an append, the inserted
 * records (never duplicates) are counted into the daily per-feature histograms. Not atomic with
 * the append: a crash between the two loses that batch's counts, never a prediction.
 */
function countingPredictions(log: PredictionLog, active: ActiveStore): PredictionLog {
  // A store observed twice (the CLI's serve wraps, then the app) must count each prediction once.
  if (Reflect.get(log, COUNTING) === true) return log;
  return new Proxy(log, {
    get(target, property) {
      if (property === COUNTING) return true;
      if (property === 'append') {
        const append: PredictionLog['append'] = async (records) => {
          const statuses = await target.append(records);
          const inserted = records.filter((_, index) => statuses[index] === 'inserted');
          if (inserted.length > 0) await active.addFeatureCounts(countFeatures(inserted));
          return statuses;
        };
        return append;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function accepted(result: IngestResult | { status: 'failed' }): result is IngestResult {
  return result.status === 'accepted';
}

/**
 * The post-ingest hook: the same store with `ingest` and `ingestBatch` reporting what they
 * accepted to `listener` once committed. Every ingester (OpenLineage, dbt, ML manifests,
 * annotations) writes through these two methods, so wrapping the store once covers them all, in
 * the server and in the CLI alike. The listener must return at once; ingestion never waits on it.
 */
export function observeIngest(store: Store, listener: IngestListener, hooks: StoreHooks = {}): Store {
  const active = hooks.onIncident ? observeIncidents(store.active, hooks.onIncident) : store.active;
  const predictions = countingPredictions(store.predictions, store.active);
  return new Proxy(store, {
    get(target, property) {
      if (property === 'active') return active;
      if (property === 'predictions') return predictions;
      if (property === 'close' && hooks.beforeClose) {
        const beforeClose = hooks.beforeClose;
        const close: Store['close'] = async () => {
          try {
            await beforeClose();
          } finally {
            await target.close();
          }
        };
        return close;
      }
      if (property === 'ingest') {
        const ingest: Store['ingest'] = async (event, mutation) => {
          const result = await target.ingest(event, mutation);
          if (result.status === 'accepted') listener([{ seq: result.seq, mutation }]);
          return result;
        };
        return ingest;
      }
      if (property === 'ingestBatch') {
        const ingestBatch: Store['ingestBatch'] = async (items) => {
          const results = await target.ingestBatch(items);
          const records: IngestedRecord[] = [];
          results.forEach((result, index) => {
            const item = items[index];
            if (item && accepted(result)) records.push({ seq: result.seq, mutation: item.mutation });
          });
          if (records.length > 0) listener(records);
          return results;
        };
        return ingestBatch;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
