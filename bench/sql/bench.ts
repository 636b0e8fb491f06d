/**
 * SQL analyzer benchmark over the sqllineage corpus. Prints JSON: analyzer statements/s, the
 * ratio of analyze time to the parser's parse-only time on the same statements, and
 * @polyglot-sql/sdk's built-in OpenLineage lineage side by side (statements/s and accuracy on the
 * column cases, judged exactly like `npm run conformance:sql`). Run: npx tsx bench/sql/bench.ts
 */
import { type Dialect, openLineageColumnLineage, parse } from '@polyglot-sql/sdk';
import type { SqlLineageResult } from '../../src/sql/index.js';
import { analyzeSql, getDialectRules } from '../../src/sql/index.js';
import type { CorpusCase } from '../../test/conformance/sql-conformance.js';
import { evaluateColumnCase, loadSqllineageCorpus, optionsFor } from '../../test/conformance/sql-conformance.js';

const corpus = loadSqllineageCorpus();
if (!corpus) {
  console.log(JSON.stringify({ skipped: 'sqllineage corpus not found (needs ../shared)' }));
  process.exit(0);
}
const seen = new Set<string>();
const items = corpus.cases
  .filter((c) => {
    const key = `${c.dialect}\u0000${c.sql}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  })
  .map((c) => {
    const options = optionsFor(c, corpus.metadata_schemas);
    return { c, options, grammar: getDialectRules(options.dialect).grammar as Dialect };
  });

function median(fn: () => void, passes = 7): number {
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(passes / 2)] ?? 0;
}

const analyzeAll = () => {
  for (const { c, options } of items) analyzeSql(c.sql, options);
};
const parseAll = () => {
  for (const { c, grammar } of items) parse(c.sql, grammar);
};

function polyglotLineage(
  c: CorpusCase,
  grammar: Dialect,
  schema: Record<string, readonly string[]> | undefined,
): SqlLineageResult {
  const tables = Object.entries(schema ?? {}).map(([name, columns]) => {
    const parts = name.split('.');
    return {
      name: parts.at(-1) ?? name,
      schema: parts.length > 1 ? parts.slice(0, -1).join('.') : undefined,
      columns: columns.map((n) => ({ name: n, type: 'text' })),
    };
  });
  const result = openLineageColumnLineage(c.sql, {
    dialect: grammar,
    producer: 'rootline-bench',
    datasetNamespace: 'default',
    ...(tables.length ? { schema: { tables, strict: false } } : {}),
  });
  const outputs = (result.outputs ?? []).map((o) => {
    const facet = (o.facets?.columnLineage ?? { fields: {} }) as SqlLineageResult['outputs'][number]['columnLineage'];
    return { name: o.name, columnLineage: { fields: facet.fields, dataset: [] } };
  });
  return {
    dialect: String(grammar),
    outputs,
    queries: [],
    inputs: (result.inputs ?? []).map((i) => ({ name: i.name })),
    statements: [],
    diagnostics: [],
  };
}
const polyglotAll = () => {
  for (const { c, grammar, options } of items) polyglotLineage(c, grammar, options.schema);
};

for (let i = 0; i < 15; i++) {
  analyzeAll();
  parseAll();
  polyglotAll();
}
// Interleaved passes, so a busy machine slows all three alike; medians of 9.
const samples: Record<'analyze' | 'parse' | 'polyglot', number[]> = { analyze: [], parse: [], polyglot: [] };
for (let i = 0; i < 9; i++) {
  samples.analyze.push(median(analyzeAll, 1));
  samples.parse.push(median(parseAll, 1));
  samples.polyglot.push(median(polyglotAll, 1));
}
const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const analyzeMs = mid(samples.analyze);
const parseMs = mid(samples.parse);
const polyglotMs = mid(samples.polyglot);

const columnCases = items.filter(({ c }) => c.kind === 'column');
let ours = 0;
let theirs = 0;
for (const { c, options, grammar } of columnCases) {
  if (evaluateColumnCase(c, analyzeSql(c.sql, options)) === undefined) ours++;
  if (evaluateColumnCase(c, polyglotLineage(c, grammar, options.schema)) === undefined) theirs++;
}
const perSecond = (ms: number) => Math.round((items.length / ms) * 1000);

console.log(
  JSON.stringify(
    {
      statements: items.length,
      rootline: {
        statementsPerSecond: perSecond(analyzeMs),
        analyzeMsPerPass: Number(analyzeMs.toFixed(1)),
        columnCaseAccuracy: Number((ours / columnCases.length).toFixed(4)),
      },
      parseOnly: {
        parser: '@polyglot-sql/sdk',
        statementsPerSecond: perSecond(parseMs),
        parseMsPerPass: Number(parseMs.toFixed(1)),
      },
      analyzeToParseRatio: Number((analyzeMs / parseMs).toFixed(2)),
      polyglotBuiltinLineage: {
        statementsPerSecond: perSecond(polyglotMs),
        columnCaseAccuracy: Number((theirs / columnCases.length).toFixed(4)),
      },
      columnCases: columnCases.length,
    },
    null,
    2,
  ),
);
