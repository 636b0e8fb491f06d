/**
 * Measures the two candidate parsers on the sqllineage corpus: parse success per dialect and
 * parse-only throughput. Prints JSON. Run: npx tsx bench/sql/parser-compare.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as sqlparser from '@guanmingchiu/sqlparser-ts';
import * as polyglot from '@polyglot-sql/sdk';

const corpusPath = resolve(import.meta.dirname, '../../../shared/corpus/sql-lineage/sqllineage-cases.json');
if (!existsSync(corpusPath)) {
  console.log(JSON.stringify({ skipped: `corpus not found at ${corpusPath}` }));
  process.exit(0);
}
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as { cases: { sql: string; dialect: string }[] };

const polyglotDialect: Record<string, string> = {
  ansi: 'generic',
  databricks: 'databricks',
  bigquery: 'bigquery',
  tsql: 'tsql',
  oracle: 'oracle',
  postgres: 'postgresql',
  athena: 'athena',
  snowflake: 'snowflake',
  mysql: 'mysql',
  db2: 'generic',
  teradata: 'teradata',
  duckdb: 'duckdb',
  hive: 'hive',
  vertica: 'postgresql',
  exasol: 'exasol',
  redshift: 'redshift',
  spark: 'spark',
  trino: 'trino',
};
const sqlparserDialect: Record<string, string> = {
  ansi: 'generic',
  databricks: 'databricks',
  bigquery: 'bigquery',
  tsql: 'mssql',
  oracle: 'oracle',
  postgres: 'postgresql',
  athena: 'generic',
  snowflake: 'snowflake',
  mysql: 'mysql',
  db2: 'generic',
  teradata: 'teradata',
  duckdb: 'duckdb',
  hive: 'hive',
  vertica: 'postgresql',
  exasol: 'generic',
  redshift: 'redshift',
  spark: 'spark',
  trino: 'generic',
};

type Parser = { name: string; parse: (sql: string, dialect: string) => boolean };
await sqlparser.init();
await polyglot.init();
const parsers: Parser[] = [
  {
    name: '@polyglot-sql/sdk',
    parse: (sql, d) => polyglot.parse(sql, (polyglotDialect[d] ?? 'generic') as polyglot.Dialect).success,
  },
  {
    name: '@guanmingchiu/sqlparser-ts',
    parse: (sql, d) => {
      try {
        sqlparser.parse(sql, (sqlparserDialect[d] ?? 'generic') as sqlparser.DialectName);
        return true;
      } catch {
        return false;
      }
    },
  },
];

const seen = new Set<string>();
const items = corpus.cases.filter((c) => {
  const key = `${c.dialect}\u0000${c.sql}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
});
const result: Record<string, unknown> = { statements: items.length };
for (const p of parsers) {
  const byDialect: Record<string, { parsed: number; total: number }> = {};
  let ok = 0;
  for (const c of items) {
    const entry = byDialect[c.dialect] ?? { parsed: 0, total: 0 };
    byDialect[c.dialect] = entry;
    entry.total++;
    if (p.parse(c.sql, c.dialect)) {
      entry.parsed++;
      ok++;
    }
  }
  for (let i = 0; i < 20; i++) for (const c of items) p.parse(c.sql, c.dialect);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const c of items) p.parse(c.sql, c.dialect);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const median = runs[2] ?? 0;
  result[p.name] = {
    parsed: ok,
    parseRate: Number((ok / items.length).toFixed(4)),
    statementsPerSecond: Math.round((items.length / median) * 1000),
    byDialect,
  };
}
console.log(JSON.stringify(result, null, 2));
