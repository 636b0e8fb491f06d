import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { type AsyncState, useAsync } from '../../app/useAsync.js';
import { applyFilter, kindsForFilter } from './search-kinds.js';

/** Debounces a value so typing does not send a request per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export type SearchResults = Awaited<ReturnType<typeof api.search>>;

/** Searches every kind (or one filter) for `q`; an empty query answers no results without a request. */
export function useSearch(q: string, filter: string, limit = 30): AsyncState<SearchResults> {
  const term = q.trim();
  return useAsync(
    async (signal) => {
      if (term.length === 0) return { items: [], total: 0 };
      const result = await api.search(term, kindsForFilter(filter), limit, signal);
      return { items: applyFilter(filter, result.items), total: result.total };
    },
    [term, filter, limit],
  );
}
