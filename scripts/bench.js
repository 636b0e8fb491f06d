#!/usr/bin/env node
// Runs the benchmarks under bench/ (each prints one JSON document) and collects their output in
// bench/results/latest.json. `npm run bench -- ingest sql` runs only the named ones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

const BENCHES = {
  ingest: ['bench/ingest/ingest-bench.ts'],
  store: ['bench/store/traversal-bench.ts'],
  analysis: ['bench/analysis/analysis-bench.ts'],
  sql: ['bench/sql/bench.ts', 'bench/sql/parser-compare.ts'],
  dbt: ['bench/dbt/ingest-dbt-bench.ts'],
  ml: ['bench/ml/prediction-bench.ts'],
  ui: ['bench/ui/ui-bench.ts'],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const results = {};
let failed = false;
for (const name of names) {
  for (const file of BENCHES[name]) {
    if (!existsSync(file)) {
      results[file] = { skipped: `${file} is missing` };
      continue;
    }
    console.error(`== ${name}: ${file}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    process.stdout.write(run.stdout);
    if (run.status !== 0) {
      failed = true;
      results[file] = { failed: `exit ${run.status}` };
      continue;
    }
    try {
      results[file] = JSON.parse(run.stdout);
    } catch {
      results[file] = { output: run.stdout.trim() };
    }
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
console.error('== results written to bench/results/latest.json');
process.exit(failed ? 1 : 0);
