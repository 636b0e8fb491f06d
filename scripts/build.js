#!/usr/bin/env node
// Builds Rootline: the TypeScript sources to dist/, then the web UI to web/dist/ once the UI has
// an entry point. `npm run build` runs both; `node scripts/build.js server|web` runs one.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasWebEntry } from './build-state.js';

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

const only = process.argv[2];
if (only !== 'web') run('tsc -p tsconfig.build.json', bin('tsc'), ['-p', 'tsconfig.build.json']);
if (only !== 'server') {
  if (hasWebEntry(root)) run('vite build web', bin('vite'), ['build', '--config', 'web/vite.config.ts']);
  else if (only === 'web') console.log('build: web/ has no entry point yet; nothing to build');
}
