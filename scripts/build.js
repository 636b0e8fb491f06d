#!/usr/bin/env node
// Builds Rootline: the TypeScript sources to dist/, then the web UI to web/dist/ when the UI
// has an entry point. `npm run build` runs this; `npm start` runs it when the build is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, command, args) {
  console.log(`> ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`build: ${label} could not start: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The UI is built once web/index.html points at a module script that exists. */
function hasWebEntry() {
  const html = join(root, 'web', 'index.html');
  if (!existsSync(html) || !existsSync(join(root, 'web', 'vite.config.ts'))) return false;
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(readFileSync(html, 'utf8'))?.[1];
  return entry !== undefined && existsSync(join(root, 'web', entry));
}

const only = process.argv[2];
if (only !== 'web') run('tsc -p tsconfig.build.json', bin('tsc'), ['-p', 'tsconfig.build.json']);
if (only !== 'server') {
  if (hasWebEntry()) run('vite build web', bin('vite'), ['build', '--config', 'web/vite.config.ts']);
  else if (only === 'web') console.log('build: web/ has no entry point yet; nothing to build');
}
