import { Empty } from '../components/StateView.js';
import { HomePage } from '../features/home/HomePage.js';
import { NodePage } from '../features/node/NodePage.js';
import { SearchPage } from '../features/search/SearchPage.js';
import { TracePage } from '../features/trace/TracePage.js';
import { AppHeader } from './AppHeader.js';
import { useRoute } from './useRoute.js';

/** The shell: header with search, then the page the hash route names. */
export function App() {
  const { path } = useRoute();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader path={path} />
      <main id="main" className="app-main" tabIndex={-1}>
        {path === '/' ? <HomePage /> : null}
        {path === '/search' ? <SearchPage /> : null}
        {path === '/node' ? <NodePage /> : null}
        {path === '/trace' ? <TracePage /> : null}
        {!['/', '/search', '/node', '/trace'].includes(path) ? (
          <Empty title="Page not found">
            <a href="#/">Back to the overview</a>
          </Empty>
        ) : null}
      </main>
    </div>
  );
}
