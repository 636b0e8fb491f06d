import { type KeyboardEvent, useRef, useState } from 'react';
import { useRoute, useSetParams } from '../../app/useRoute.js';
import { SEARCH_KINDS } from '../../components/kind-style.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { nodeHref } from './node-href.js';
import { SearchResultRow } from './SearchResultRow.js';
import { useSearch } from './useSearch.js';

/** Full search results with kind filters; arrow keys move through the list, Enter opens. */
export function SearchPage() {
  const { params } = useRoute();
  const setParams = useSetParams();
  const q = params.get('q') ?? '';
  const filter = params.get('kind') ?? '';
  const results = useSearch(q, filter, 100);
  const [active, setActive] = useState(0);
  const links = useRef<(HTMLAnchorElement | null)[]>([]);
  const items = results.data?.items ?? [];

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, active + (event.key === 'ArrowDown' ? 1 : -1)));
    setActive(next);
    links.current[next]?.focus();
  };

  return (
    <div className="page page-narrow">
      <div className="page-head">
        <h1>Search</h1>
        <form
          className="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            setParams({ q: String(data.get('q') ?? '') }, { replace: true });
          }}
        >
          <input
            className="input search-input"
            name="q"
            defaultValue={q}
            key={q}
            placeholder="Name, namespace, description or tag"
            aria-label="Search text"
          />
          <button className="btn btn-primary" type="submit">
            Search
          </button>
        </form>
        <fieldset className="chips" aria-label="Filter by kind">
          <button
            type="button"
            className="chip"
            aria-pressed={filter === ''}
            onClick={() => setParams({ kind: null }, { replace: true })}
          >
            All
          </button>
          {SEARCH_KINDS.map((kind) => (
            <button
              key={kind.key}
              type="button"
              className="chip"
              aria-pressed={filter === kind.key}
              onClick={() => setParams({ kind: kind.key }, { replace: true })}
            >
              {kind.label}
            </button>
          ))}
        </fieldset>
      </div>
      <div className="card results">
        {q.trim() === '' ? (
          <Empty title="Search the lineage graph">
            Type a table, column, job, feature view, model or deployment name.
          </Empty>
        ) : results.status === 'error' ? (
          <ErrorState error={results.error} what="search results" />
        ) : results.status === 'loading' && items.length === 0 ? (
          <Loading label="Searching" />
        ) : items.length === 0 ? (
          <Empty title={`Nothing matches “${q}”`}>Try a shorter term or another kind filter.</Empty>
        ) : (
          <>
            <div className="results-count faint">
              {items.length} of {results.data?.total ?? items.length} results
            </div>
            <ul className="results-list">
              {items.map((node, index) => (
                <li key={node.id}>
                  <a
                    ref={(el) => {
                      links.current[index] = el;
                    }}
                    className={`results-item ${index === active ? 'results-active' : ''}`}
                    href={nodeHref(node)}
                    onFocus={() => setActive(index)}
                    onKeyDown={onKeyDown}
                  >
                    <SearchResultRow node={node} />
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
