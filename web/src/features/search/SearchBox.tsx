import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { formatHash } from '../../app/url-state.js';
import { navigate } from '../../app/useRoute.js';
import { nodeHref } from './node-href.js';
import { SearchResultRow } from './SearchResultRow.js';
import { useDebounced, useSearch } from './useSearch.js';

/**
 * The header search: type to see the top hits, arrows to move, Enter to open, Escape to close,
 * Enter with nothing highlighted for the full results page. `/` focuses it from anywhere.
 */
export function SearchBox() {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const q = useDebounced(text, 140);
  const results = useSearch(q, '', 8);
  const items = results.data?.items ?? [];

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target;
      const typing =
        target instanceof HTMLInputElement ||
        target instanceof HTMLTextAreaElement ||
        target instanceof HTMLSelectElement;
      if (event.key === '/' && !typing) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const go = (hash: string) => {
    setOpen(false);
    setActive(-1);
    input.current?.blur();
    navigate(hash);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(-1, Math.min(items.length - 1, i + step)));
    } else if (event.key === 'Enter') {
      const hit = items[active];
      if (hit) go(nodeHref(hit));
      else if (text.trim()) go(formatHash('/search', { q: text.trim() }));
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  const showList = open && text.trim().length > 0;
  return (
    <div className="searchbox">
      <svg
        className="searchbox-icon"
        width="15"
        height="15"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.5-3.5" />
      </svg>
      <input
        ref={input}
        className="searchbox-input"
        type="search"
        placeholder="Search datasets, columns, jobs, models…"
        aria-label="Search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <kbd className="searchbox-kbd">/</kbd>
      {showList ? (
        <div className="searchbox-pop" id={listId} role="listbox" aria-label="Search results">
          {results.status === 'loading' && items.length === 0 ? <div className="pop-note">Searching…</div> : null}
          {results.status === 'error' ? <div className="pop-note pop-error">{results.error.message}</div> : null}
          {results.status === 'ok' && items.length === 0 ? <div className="pop-note">No matches for “{q}”</div> : null}
          {items.map((node, index) => (
            <div
              key={node.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              tabIndex={-1}
              className={`pop-item ${index === active ? 'pop-active' : ''}`}
              onMouseDown={(event) => {
                event.preventDefault();
                go(nodeHref(node));
              }}
              onMouseEnter={() => setActive(index)}
            >
              <SearchResultRow node={node} />
            </div>
          ))}
          {items.length > 0 ? (
            <button
              type="button"
              className="pop-all"
              onMouseDown={(event) => {
                event.preventDefault();
                go(formatHash('/search', { q: text.trim() }));
              }}
            >
              See all results for “{text.trim()}” <kbd>↵</kbd>
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
