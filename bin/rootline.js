#!/usr/bin/env node
// The `rootline` command. Runs the compiled CLI in dist/; build it first with `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('rootline: not built yet; run `npm run build` in the package folder first');
  process.exit(1);
}
const { main } = await import(entry.href);
await main();
