import { describe, expect, it } from 'vitest';
import { lineageLines } from '../../test/helpers/sql-lineage-lines.js';
import { analyzeSql } from './analyze-sql.js';
import type { SqlSchema } from './types.js';

interface Case {
  name: string;
  sql: string;
  dialect?: string;
  schema?: SqlSchema;
  lines: string[];
  codes?: string[];
}

const cases: Case[] = [
  {
    name: 'traces INSERT ... SELECT with aliases, aggregation and GROUP BY position',
    sql: 'INSERT INTO mart.t SELECT sku, sum(price) AS revenue FROM raw.items GROUP BY 1',
    lines: [
      'mart.t ~ raw.items.sku GROUP_BY',
      'mart.t.revenue <- raw.items.price AGGREGATION',
      'mart.t.sku <- raw.items.sku IDENTITY',
    ],
  },
  {
    name: 'maps an INSERT column list by position',
    sql: 'INSERT INTO t (x, y) SELECT a, b + 1 FROM s',
    lines: ['t.x <- s.a IDENTITY', 't.y <- s.b TRANSFORMATION'],
  },
  {
    name: 'maps INSERT without a column list onto the known target columns',
    sql: 'INSERT INTO t SELECT a * 10, b FROM s',
    schema: { t: ['id', 'name'] },
    lines: ['t.id <- s.a TRANSFORMATION', 't.name <- s.b IDENTITY'],
  },
  {
    name: 'traces Hive INSERT OVERWRITE with a PARTITION clause',
    sql: "INSERT OVERWRITE TABLE db.t PARTITION (dt='2024-01-01') SELECT a FROM db.s",
    dialect: 'hive',
    lines: ['db.t.a <- db.s.a IDENTITY'],
  },
  {
    name: 'traces CREATE TABLE AS with a WHERE filter',
    sql: 'CREATE TABLE o AS SELECT a FROM t WHERE b > 1',
    lines: ['o ~ t.b FILTER', 'o.a <- t.a IDENTITY'],
  },
  {
    name: 'renames view columns from the view column list',
    sql: 'CREATE VIEW v (c1, c2) AS SELECT a, count(b) FROM t GROUP BY a',
    lines: ['v ~ t.a GROUP_BY', 'v.c1 <- t.a IDENTITY', 'v.c2 <- t.b AGGREGATION*'],
  },
  {
    name: 'traces MERGE updates and inserts, with the ON condition as a join',
    sql: 'MERGE INTO tg USING src s ON tg.k = s.k WHEN MATCHED AND s.d = 1 THEN UPDATE SET tg.v = s.v, w = upper(s.w) WHEN NOT MATCHED THEN INSERT (k, v) VALUES (s.k, s.v)',
    lines: [
      'tg ~ src.d FILTER',
      'tg ~ src.k JOIN',
      'tg ~ tg.k JOIN',
      'tg.k <- src.k IDENTITY',
      'tg.v <- src.v IDENTITY',
      'tg.w <- src.w TRANSFORMATION',
    ],
  },
  {
    name: 'traces UPDATE with FROM',
    sql: 'UPDATE t1 SET a = t2.b FROM t2 WHERE t1.id = t2.id',
    dialect: 'postgres',
    lines: ['t1 ~ t1.id FILTER', 't1 ~ t2.id FILTER', 't1.a <- t2.b IDENTITY'],
  },
  {
    name: 'records only dataset-level lineage for DELETE',
    sql: 'DELETE FROM t WHERE x IN (SELECT y FROM u)',
    lines: ['t ~ t.x FILTER', 't ~ u.y FILTER'],
  },
  {
    name: 'traces temporary tables through a multi-statement script',
    sql: 'CREATE TEMPORARY TABLE tmp AS SELECT a, b FROM src; INSERT INTO out SELECT a FROM tmp WHERE b > 0',
    lines: ['out ~ src.b FILTER', 'out.a <- src.a IDENTITY'],
  },
  {
    name: 'keeps intermediate tables as outputs and expands their stars later',
    sql: 'CREATE TABLE mid AS SELECT a, b FROM src; INSERT INTO out SELECT * FROM mid',
    lines: ['mid.a <- src.a IDENTITY', 'mid.b <- src.b IDENTITY', 'out.a <- mid.a IDENTITY', 'out.b <- mid.b IDENTITY'],
  },
  {
    name: 'traces nested CTEs to base tables with their filters and joins',
    sql: "CREATE TABLE xxx AS WITH tmp AS (SELECT * FROM t1 WHERE b = '1'), tmp3 AS (SELECT tmp.a, b, c FROM tmp JOIN t2 ON tmp.a = t2.a) SELECT tmp3.a AS a, c FROM tmp3",
    schema: { t1: ['a', 'b'], t2: ['a', 'c'] },
    lines: [
      'xxx ~ t1.a JOIN',
      'xxx ~ t1.b FILTER',
      'xxx ~ t2.a JOIN',
      'xxx.a <- t1.a IDENTITY',
      'xxx.c <- t2.c IDENTITY',
    ],
  },
  {
    name: 'follows a recursive CTE to its anchor table',
    sql: 'INSERT INTO o WITH RECURSIVE r(n) AS (SELECT id FROM seed UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r',
    dialect: 'postgres',
    lines: ['o ~ seed.id FILTER', 'o.n <- seed.id IDENTITY+TRANSFORMATION'],
  },
  {
    name: 'traces subqueries in FROM, SELECT and WHERE',
    sql: 'INSERT INTO o SELECT d.a, (SELECT max(v) FROM u WHERE u.k = d.a) AS m FROM (SELECT a FROM t) d WHERE EXISTS (SELECT 1 FROM w WHERE w.k = d.a)',
    lines: [
      'o ~ t.a FILTER',
      'o ~ w.k FILTER',
      'o.a <- t.a IDENTITY',
      'o.m <- t.a FILTER',
      'o.m <- u.k FILTER',
      'o.m <- u.v AGGREGATION',
    ],
  },
  {
    name: 'resolves self joins through their aliases',
    sql: 'INSERT INTO o SELECT a.name AS child, b.name AS parent FROM people a JOIN people b ON a.parent_id = b.id',
    lines: [
      'o ~ people.id JOIN',
      'o ~ people.parent_id JOIN',
      'o.child <- people.name IDENTITY',
      'o.parent <- people.name IDENTITY',
    ],
  },
  {
    name: 'merges UNION branches by position',
    sql: "CREATE TABLE xxx AS SELECT a, b, 'table1' AS source FROM t1 UNION ALL SELECT a, c, 'table2' AS source FROM t2",
    lines: ['xxx.a <- t1.a IDENTITY', 'xxx.a <- t2.a IDENTITY', 'xxx.b <- t1.b IDENTITY', 'xxx.b <- t2.c IDENTITY'],
  },
  {
    name: 'merges INTERSECT and EXCEPT branches by position',
    sql: 'INSERT INTO o SELECT a FROM t1 INTERSECT SELECT b FROM t2 EXCEPT SELECT c FROM t3',
    lines: ['o.a <- t1.a IDENTITY', 'o.a <- t2.b IDENTITY', 'o.a <- t3.c IDENTITY'],
  },
  {
    name: 'marks window keys as indirect WINDOW lineage of the window column',
    sql: 'CREATE TABLE xxx AS SELECT a, RANK() OVER (PARTITION BY b ORDER BY c) AS rnk FROM t1',
    lines: ['xxx.a <- t1.a IDENTITY', 'xxx.rnk <- t1.b WINDOW', 'xxx.rnk <- t1.c WINDOW'],
  },
  {
    name: 'marks CASE conditions as CONDITIONAL and keeps branch subtypes',
    sql: 'CREATE TABLE xxx AS SELECT CASE WHEN b > 1 THEN a ELSE a + b END AS cond FROM t1',
    lines: ['xxx.cond <- t1.a IDENTITY+TRANSFORMATION', 'xxx.cond <- t1.b TRANSFORMATION+CONDITIONAL'],
  },
  {
    name: 'treats COALESCE, casts and functions as transformations',
    sql: 'INSERT INTO o SELECT coalesce(a, 0) AS a, cast(b AS int) AS b, upper(c) AS c FROM t',
    lines: ['o.a <- t.a TRANSFORMATION', 'o.b <- t.b TRANSFORMATION', 'o.c <- t.c TRANSFORMATION'],
  },
  {
    name: 'marks hashes and counts as masking',
    sql: 'CREATE TABLE xxx AS SELECT sha1(string(a + 1)) AS mt, count(a) AS n, sha1(string(sum(b))) AS ma FROM t1',
    dialect: 'hive',
    lines: ['xxx.ma <- t1.b AGGREGATION*', 'xxx.mt <- t1.a TRANSFORMATION*', 'xxx.n <- t1.a AGGREGATION*'],
  },
  {
    name: 'counts rows of every source for COUNT(*)',
    sql: 'INSERT INTO o SELECT count(*) AS n FROM t',
    lines: ['o.n <- t.* AGGREGATION*'],
  },
  {
    name: 'applies HAVING and QUALIFY as filters and ORDER BY aliases as sort keys',
    sql: 'INSERT INTO o SELECT k, sum(v) AS total FROM t GROUP BY k HAVING sum(v) > 0 QUALIFY row_number() OVER (ORDER BY total) = 1 ORDER BY total',
    dialect: 'snowflake',
    lines: ['O ~ T.K GROUP_BY', 'O ~ T.V FILTER+SORT', 'O.K <- T.K IDENTITY', 'O.TOTAL <- T.V AGGREGATION'],
  },
  {
    name: 'resolves Snowflake lateral column aliases',
    sql: 'INSERT INTO o SELECT a AS x, x + 1 AS y FROM t',
    dialect: 'snowflake',
    lines: ['O.X <- T.A IDENTITY', 'O.Y <- T.A TRANSFORMATION'],
  },
  {
    name: 'resolves BigQuery lateral column aliases',
    sql: 'INSERT INTO o SELECT a AS x, x + 1 AS y FROM t',
    dialect: 'bigquery',
    lines: ['o.x <- t.a IDENTITY', 'o.y <- t.a TRANSFORMATION'],
  },
  {
    name: 'resolves Databricks lateral column aliases',
    sql: 'INSERT INTO o SELECT a AS x, x + 1 AS y FROM t',
    dialect: 'databricks',
    lines: ['o.x <- t.a IDENTITY', 'o.y <- t.a TRANSFORMATION'],
  },
  {
    name: 'does not use lateral aliases in PostgreSQL',
    sql: 'INSERT INTO o SELECT a AS x, x + 1 AS y FROM t',
    dialect: 'postgres',
    lines: ['o.x <- t.a IDENTITY', 'o.y <- t.x TRANSFORMATION'],
  },
  {
    name: 'traces BigQuery UNNEST elements to the array column',
    sql: 'INSERT INTO o SELECT e, t.a FROM t CROSS JOIN UNNEST(t.arr) AS e',
    dialect: 'bigquery',
    lines: ['o.a <- t.a IDENTITY', 'o.e <- t.arr TRANSFORMATION'],
  },
  {
    name: 'traces Trino UNNEST with a column alias',
    sql: 'INSERT INTO o SELECT e.x FROM t CROSS JOIN UNNEST(t.arr) AS e(x)',
    dialect: 'trino',
    lines: ['o.x <- t.arr TRANSFORMATION'],
  },
  {
    name: 'traces Snowflake LATERAL FLATTEN values and variant paths',
    sql: 'INSERT INTO o SELECT f.value:name::string AS n FROM t, LATERAL FLATTEN(input => t.j) f',
    dialect: 'snowflake',
    lines: ['O.N <- T.J TRANSFORMATION'],
  },
  {
    name: 'traces Spark LATERAL VIEW EXPLODE',
    sql: 'INSERT INTO o SELECT a, x FROM t LATERAL VIEW OUTER explode(arr) e AS x',
    dialect: 'spark',
    lines: ['o.a <- t.a IDENTITY', 'o.x <- t.arr TRANSFORMATION'],
  },
  {
    name: 'traces struct field access and JSON operators to the base column',
    sql: "CREATE TABLE o AS SELECT j->>'k' AS k, s.f.g AS g FROM t",
    dialect: 'postgres',
    lines: ['o.g <- t.s IDENTITY', 'o.k <- t.j TRANSFORMATION'],
  },
  {
    name: 'expands SELECT * from the schema',
    sql: 'CREATE TABLE o AS SELECT * FROM t',
    schema: { t: ['a', 'b'] },
    lines: ['o.a <- t.a IDENTITY', 'o.b <- t.b IDENTITY'],
  },
  {
    name: 'expands t.* for one side of a join',
    sql: 'CREATE TABLE o AS SELECT x.k, y.* FROM a x JOIN b y ON x.k = y.k',
    schema: { b: ['k', 'v'] },
    lines: ['o ~ a.k JOIN', 'o ~ b.k JOIN', 'o.k <- a.k IDENTITY', 'o.k <- b.k IDENTITY', 'o.v <- b.v IDENTITY'],
  },
  {
    name: 'keeps one wildcard edge with a diagnostic when columns are unknown',
    sql: 'CREATE TABLE o AS SELECT * FROM t',
    lines: ['o.* <- t.* IDENTITY'],
    codes: ['unexpanded_star'],
  },
  {
    name: 'applies BigQuery * EXCEPT and REPLACE',
    sql: 'CREATE TABLE o AS SELECT * EXCEPT (a) REPLACE (b + 1 AS b) FROM t',
    dialect: 'bigquery',
    schema: { t: ['a', 'b', 'c'] },
    lines: ['o.b <- t.b TRANSFORMATION', 'o.c <- t.c IDENTITY'],
  },
  {
    name: 'applies DuckDB * EXCLUDE',
    sql: 'CREATE TABLE o AS SELECT * EXCLUDE (a) FROM t',
    dialect: 'duckdb',
    schema: { t: ['a', 'b'] },
    lines: ['o.b <- t.b IDENTITY'],
  },
  {
    name: 'reports an ambiguous unqualified column instead of guessing',
    sql: 'INSERT INTO o SELECT a FROM t1 JOIN t2 ON t1.id = t2.id',
    lines: ['o ~ t1.id JOIN', 'o ~ t2.id JOIN'],
    codes: ['ambiguous_column'],
  },
  {
    name: 'resolves an unqualified column from the schema when exactly one table has it',
    sql: 'INSERT INTO o SELECT a FROM t1 JOIN t2 ON t1.id = t2.id',
    schema: { t1: ['id', 'a'], t2: ['id', 'b'] },
    lines: ['o ~ t1.id JOIN', 'o ~ t2.id JOIN', 'o.a <- t1.a IDENTITY'],
  },
  {
    name: 'gives plain SELECT statements result-column lineage',
    sql: 'SELECT a AS x FROM t WHERE b = 1',
    lines: ['? x <- t.a IDENTITY', '? ~ t.b FILTER'],
  },
];

describe('analyzeSql lineage', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = analyzeSql(c.sql, { dialect: c.dialect ?? 'ansi', schema: c.schema });
      expect(lineageLines(result)).toEqual([...c.lines].sort());
      const codes = result.diagnostics.map((d) => d.code);
      for (const code of c.codes ?? []) expect(codes).toContain(code);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }

  it('qualifies unqualified tables with defaultDatabase and defaultSchema', () => {
    const result = analyzeSql('INSERT INTO o SELECT a FROM t', { defaultDatabase: 'shop', defaultSchema: 'public' });
    expect(lineageLines(result)).toEqual(['shop.public.o.a <- shop.public.t.a IDENTITY']);
    expect(result.inputs).toEqual([{ name: 'shop.public.t' }]);
  });

  it('stamps the namespace on inputs, outputs and input fields when given', () => {
    const result = analyzeSql('INSERT INTO o SELECT a FROM t', { namespace: 'postgres://db:5432' });
    expect(result.outputs[0]?.namespace).toBe('postgres://db:5432');
    expect(result.outputs[0]?.columnLineage.fields.a?.inputFields[0]?.namespace).toBe('postgres://db:5432');
    expect(result.inputs[0]).toEqual({ namespace: 'postgres://db:5432', name: 't' });
  });

  it('omits the namespace when none is given', () => {
    const result = analyzeSql('INSERT INTO o SELECT a FROM t');
    expect(result.outputs[0]).not.toHaveProperty('namespace');
  });

  it('summarises each statement with its inputs and outputs', () => {
    const result = analyzeSql('INSERT INTO b SELECT x FROM a; INSERT INTO c SELECT x FROM b');
    expect(result.statements.map((s) => [s.kind, s.inputs, s.outputs])).toEqual([
      ['insert', ['a'], ['b']],
      ['insert', ['b'], ['c']],
    ]);
  });
});
