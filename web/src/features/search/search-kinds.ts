import type { ApiNode } from '../../api/client.js';

/** Server kinds to ask for and an optional subtype to keep, per UI filter. */
const FILTERS: Record<string, { kinds: string[]; subtype?: string }> = {
  dataset: { kinds: ['dataset'] },
  datasetField: { kinds: ['datasetField'] },
  job: { kinds: ['job'] },
  featureView: { kinds: ['dataset'], subtype: 'featureView' },
  model: { kinds: ['model', 'modelVersion'] },
  deployment: { kinds: ['deployment'] },
};

/** The `kind` list for the search route of a UI filter ('' = every kind). */
export function kindsForFilter(filter: string): string[] {
  return FILTERS[filter]?.kinds ?? [];
}

/** Keeps the results a filter means (feature views are datasets with that subtype). */
export function applyFilter(filter: string, items: ApiNode[]): ApiNode[] {
  const subtype = FILTERS[filter]?.subtype;
  return subtype ? items.filter((item) => item.subtype === subtype) : items;
}
