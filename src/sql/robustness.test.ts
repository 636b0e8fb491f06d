import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineageLines } from '../../test/helpers/sql-lineage-lines.js';
import { analyzeSql } from './analyze-sql.js';

describe('bad input', () => {
  it('reports invalid SQL as a parse_error with its position, never an exception', () => {
    const result = analyzeSql('SELECT a FROM t;\nSELEC a FROM t');
    const error = result.diagnostics.find((d) => d.code === 'parse_error');
    expect(error).toMatchObject({ severity: 'error', line: 2 });
    expect(error?.offset).toBeGreaterThanOrEqual(17);
    expect(error?.message).not.toMatch(/line \d+, column/);
    expect(lineageLines(result)).toEqual(['? a <- t.a IDENTITY']);
  });

  it('rejects a keyword read as an INSERT target instead of inventing a table', () => {
    const result = analyzeSql('INSERT OVERWRITE TABLE SELECT a FROM t', { dialect: 'hive' });
    expect(result.outputs).toEqual([]);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('answers empty input with an empty result', () => {
    expect(analyzeSql('  -- nothing\n')).toMatchObject({ outputs: [], inputs: [], diagnostics: [] });
  });

  it('fails a too-large statement with a diagnostic and keeps analyzing the rest', () => {
    const big = `INSERT INTO o SELECT ${'a,'.repeat(600)}b FROM t`;
    const result = analyzeSql(`${big};\nINSERT INTO p SELECT c FROM u`, { budget: { maxStatementChars: 1000 } });
    expect(result.diagnostics.map((d) => d.code)).toContain('statement_too_large');
    expect(result.outputs.map((o) => o.name)).toEqual(['p']);
  });

  it('stops a statement that exceeds the column budget with a diagnostic', () => {
    const sql = `INSERT INTO o SELECT ${Array.from({ length: 300 }, (_, i) => `c${i}`).join(', ')} FROM t`;
    const result = analyzeSql(sql, { budget: { maxColumns: 100 } });
    expect(result.diagnostics.find((d) => d.code === 'budget_exceeded')?.message).toContain('100 output columns');
    expect(result.outputs).toEqual([]);
  });

  it('stops deep nesting with a diagnostic', () => {
    const sql = `INSERT INTO o SELECT a FROM ${'(SELECT a FROM '.repeat(60)}t${') x'.repeat(60)}`;
    const result = analyzeSql(sql);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('analyzes a 10,000-column select', () => {
    const sql = `INSERT INTO o SELECT ${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(', ')} FROM t`;
    const result = analyzeSql(sql);
    expect(Object.keys(result.outputs[0]?.columnLineage.fields ?? {})).toHaveLength(10_000);
  }, 60_000);

  it('walks a 500-branch UNION ALL without running out of nesting depth', () => {
    const sql = `INSERT INTO o ${Array.from({ length: 500 }, (_, i) => `SELECT a FROM t${i}`).join(' UNION ALL ')}`;
    const result = analyzeSql(sql);
    expect(result.outputs[0]?.columnLineage.fields.a?.inputFields).toHaveLength(500);
  });
});

describe('script recovery', () => {
  it('extracts DML from a procedure body and skips procedural statements quietly', () => {
    const sql = `CREATE PROCEDURE p() BEGIN
      DECLARE x INT64 DEFAULT 0;
      INSERT INTO tab2 (col1) SELECT col1 FROM tab1;
    END`;
    const result = analyzeSql(sql, { dialect: 'bigquery' });
    expect(lineageLines(result)).toEqual(['tab2.col1 <- tab1.col1 IDENTITY']);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('splits T-SQL statements that have no semicolon between them', () => {
    const result = analyzeSql('insert into tab1 select * from foo insert into tab2 select * from bar', {
      dialect: 'tsql',
    });
    expect(result.outputs.map((o) => o.name)).toEqual(['tab1', 'tab2']);
  });

  it('reads a view body wrapped in redundant parentheses', () => {
    const result = analyzeSql('CREATE VIEW v (x, y) AS ((SELECT a, b FROM t))');
    expect(lineageLines(result)).toEqual(['v.x <- t.a IDENTITY', 'v.y <- t.b IDENTITY']);
  });

  it('reads a Hive multi-insert as one insert per target', () => {
    const sql = 'FROM src INSERT OVERWRITE TABLE t1 SELECT a INSERT INTO TABLE t2 SELECT sum(b) AS b GROUP BY a';
    const result = analyzeSql(sql, { dialect: 'hive' });
    expect(lineageLines(result)).toEqual([
      't1.a <- src.a IDENTITY',
      't2 ~ src.a GROUP_BY',
      't2.b <- src.b AGGREGATION',
    ]);
  });

  it('traces a table created and dropped in the same script through to its reader', () => {
    const sql = 'CREATE TABLE scratch AS SELECT a FROM src; INSERT INTO out SELECT a FROM scratch; DROP TABLE scratch';
    const result = analyzeSql(sql);
    expect(lineageLines(result)).toEqual(['out.a <- src.a IDENTITY']);
    expect(result.inputs).toEqual([{ name: 'src' }]);
  });

  it('moves a renamed output to its new name', () => {
    const result = analyzeSql('INSERT INTO tab1 SELECT a FROM tab2; ALTER TABLE tab1 RENAME TO tab3');
    expect(result.outputs.map((o) => o.name)).toEqual(['tab3']);
  });
});

/** Deterministic PRNG (mulberry32) so fuzz failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/sql-lineage/sqllineage-cases.json');
const FALLBACK = [
  'INSERT INTO t SELECT a, sum(b) FROM s GROUP BY a',
  'WITH c AS (SELECT * FROM x) MERGE INTO t USING c ON t.k = c.k WHEN MATCHED THEN UPDATE SET v = c.v',
  'CREATE TABLE o AS SELECT CASE WHEN a > 1 THEN b END AS c FROM t WHERE d IN (SELECT e FROM u) -- x\n',
];
const TOKENS = [
  '(',
  ')',
  "'",
  '"',
  ',',
  ';',
  '*',
  '.',
  ' SELECT ',
  ' FROM ',
  ' JOIN ',
  ' UNION ',
  ' WITH x AS (',
  '`',
  '[',
  '--',
  '/*',
];

function mutate(sql: string, next: () => number): string {
  const at = Math.floor(next() * (sql.length + 1));
  switch (Math.floor(next() * 4)) {
    case 0:
      return sql.slice(0, at) + sql.slice(at + 1 + Math.floor(next() * 12));
    case 1:
      return sql.slice(0, at) + (TOKENS[Math.floor(next() * TOKENS.length)] ?? '') + sql.slice(at);
    case 2: {
      const len = Math.floor(next() * 30);
      return sql.slice(0, at) + sql.slice(at, at + len).repeat(2) + sql.slice(at + len);
    }
    default:
      return sql.slice(at) + sql.slice(0, at);
  }
}

describe('fuzzing with mutated corpus statements', () => {
  const statements = existsSync(CORPUS)
    ? (JSON.parse(readFileSync(CORPUS, 'utf8')) as { cases: { sql: string; dialect: string }[] }).cases.map(
        (c) => c.sql,
      )
    : FALLBACK;
  // Without the shared corpus beside the checkout, the test name says the fuzz ran on built-in statements.
  const source = existsSync(CORPUS) ? 'corpus' : 'built-in';
  const dialects = ['ansi', 'postgres', 'snowflake', 'bigquery', 'hive', 'tsql', 'mysql', 'duckdb'];

  it(`never throws and always returns a well-formed result for 600 mutants of ${source} statements`, () => {
    const next = random(20261122);
    for (let i = 0; i < 600; i++) {
      let sql = statements[Math.floor(next() * statements.length)] ?? '';
      const rounds = 1 + Math.floor(next() * 3);
      for (let r = 0; r < rounds; r++) sql = mutate(sql, next);
      const dialect = dialects[i % dialects.length];
      const result = analyzeSql(sql, { dialect, budget: { maxMillis: 500 } });
      expect(Array.isArray(result.outputs) && Array.isArray(result.diagnostics), sql).toBe(true);
      expect(
        result.diagnostics.filter((d) => d.code === 'internal_error'),
        sql,
      ).toEqual([]);
    }
  }, 60_000);
});
