import { SearchBox } from '../features/search/SearchBox.js';
import { useTheme } from './useTheme.js';

const NAV = [
  { path: '/', label: 'Overview' },
  { path: '/search', label: 'Search' },
  { path: '/trace', label: 'Trace' },
];

/** Brand, navigation, global search and the theme switch. */
export function AppHeader({ path }: { path: string }) {
  const { theme, toggle } = useTheme();
  return (
    <header className="app-header">
      <a className="brand" href="#/" aria-label="Rootline overview">
        <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="8" fill="var(--accent)" />
          <path
            d="M8 22c5 0 5-12 10-12h6M8 22c5 0 5-4 10-4h6"
            stroke="var(--accent-text)"
            strokeWidth="2.6"
            fill="none"
            strokeLinecap="round"
          />
        </svg>
        <span>Rootline</span>
      </a>
      <nav className="app-nav" aria-label="Main">
        {NAV.map((item) => (
          <a
            key={item.path}
            href={`#${item.path}`}
            className="nav-link"
            aria-current={path === item.path ? 'page' : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      <SearchBox />
      <button
        type="button"
        className="btn btn-ghost icon-btn"
        onClick={toggle}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        title="Switch theme"
      >
        {theme === 'dark' ? (
          <svg
            width="16"
            height="16"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <circle cx="12" cy="12" r="4" />
            <path d="M12 2v2m0 16v2M4.9 4.9l1.4 1.4m11.4 11.4 1.4 1.4M2 12h2m16 0h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
          </svg>
        ) : (
          <svg
            width="16"
            height="16"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z" />
          </svg>
        )}
      </button>
    </header>
  );
}
