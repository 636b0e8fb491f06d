#!/usr/bin/env node
// `npm start`: builds Rootline when the build is missing or older than its sources, then serves
// on port 5000 with the embedded database in .rootline/rootline.db, loading the demo into it on
// first start. Extra arguments go to `rootline serve` (e.g. `npm start -- --port 8080`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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

function hasWebEntry() {
  const html = join(root, 'web', 'index.html');
  if (!existsSync(html)) return false;
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(readFileSync(html, 'utf8'))?.[1];
  return entry !== undefined && existsSync(join(root, 'web', entry));
}

function isStale() {
  const built = mtime(join(root, 'dist', 'cli', 'main.js'));
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    mtime(join(root, 'tsconfig.json')),
    mtime(join(root, 'tsconfig.build.json')),
  );
  if (built === 0 || built < sources) return true;
  if (!hasWebEntry()) return false;
  const webBuilt = mtime(join(root, 'web', 'dist', 'index.html'));
  return webBuilt === 0 || webBuilt < newestMtime(join(root, 'web'));
}

if (isStale()) {
  console.log('rootline: building (the build is missing or older than the sources)...');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('rootline: the build failed; fix the errors above and run npm start again');
    process.exit(result.status ?? 1);
  }
}

const { main } = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
await main(['serve', '--demo', ...process.argv.slice(2)]);
