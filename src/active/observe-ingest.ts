import type { ActiveStore, Incident } from '../store/active-store.js';
import type { IngestResult, Store } from '../store/store.js';
import type { IngestedRecord } from './evaluate-rules.js';

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
  return new Proxy(store, {
    get(target, property) {
      if (property === 'active') return active;
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
