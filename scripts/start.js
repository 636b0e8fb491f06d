#!/usr/bin/env node
// `npm start`: builds Rootline when the build is missing or older than its sources, then serves
// on port 5000 with the embedded database in .rootline/rootline.db, loading the demo into it on
// first start. Extra arguments go to `rootline serve` (e.g. `npm start -- --port 8080`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleParts } from './build-state.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function build(part) {
  console.log(
    `rootline: building ${part === 'server' ? 'the server' : 'the web UI'} (missing or older than its sources)`,
  );
  return spawnSync(process.execPath, [join(root, 'scripts', 'build.js'), part], { cwd: root, stdio: 'inherit' }).status;
}

for (const part of staleParts(root)) {
  const status = build(part);
  if (status === 0) continue;
  if (part === 'server') {
    console.error('rootline: the build failed; fix the errors above and run npm start again');
    process.exit(status ?? 1);
  }
  console.error('rootline: the web UI did not build; serving the API without it');
}

const { main } = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
await main(['serve', '--demo', ...process.argv.slice(2)]);
