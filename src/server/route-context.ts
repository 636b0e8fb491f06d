import type { Store } from '../store/store.js';

/** What every route module receives when it registers its routes. */
export interface RouteContext {
  store: Store;
  /** Server-wide strict ingestion: reject events whose standard facets fail their schema. */
  strict: boolean;
  /** Most OpenLineage events one request may carry. */
  maxBatchEvents: number;
}

/** Pushes a value onto the list kept under `key`, creating the list on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
