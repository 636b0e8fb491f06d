// Whether the build in dist/ (and web/dist/ once the UI has an entry point) is missing or older
// than its sources. Shared by `npm start` and the end-to-end tests.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the files under `path`, skipping build output and dependencies. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** True once web/index.html points at a module script that exists. */
export function hasWebEntry(root) {
  const html = join(root, 'web', 'index.html');
  if (!existsSync(html) || !existsSync(join(root, 'web', 'vite.config.ts'))) return false;
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(readFileSync(html, 'utf8'))?.[1];
  return entry !== undefined && existsSync(join(root, 'web', entry));
}

/** Which parts need building: `server` (dist/) and `web` (web/dist/). */
export function staleParts(root) {
  const parts = [];
  const built = mtime(join(root, 'dist', 'cli', 'main.js'));
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    mtime(join(root, 'tsconfig.json')),
    mtime(join(root, 'tsconfig.build.json')),
  );
  if (built === 0 || built < sources) parts.push('server');
  if (hasWebEntry(root)) {
    const webBuilt = mtime(join(root, 'web', 'dist', 'index.html'));
    if (webBuilt === 0 || webBuilt < newestMtime(join(root, 'web'))) parts.push('web');
  }
  return parts;
}
