import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rootline, tempDir } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function files(entries: Record<string, string>): string {
  const { dir, cleanup } = tempDir('rootline-sql-');
  cleanups.push(cleanup);
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('rootline sql lineage', () => {
  it('prints the OpenLineage columnLineage JSON of a file', async () => {
    const dir = files({ 'q.sql': 'INSERT INTO mart.t SELECT sku, sum(price) AS revenue FROM raw.items GROUP BY sku' });
    const run = await rootline(['sql', 'lineage', join(dir, 'q.sql'), '--dialect', 'postgres', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      outputs: [
        {
          name: 'mart.t',
          columnLineage: {
            fields: {
              sku: {
                inputFields: [
                  { name: 'raw.items', field: 'sku', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] },
                ],
              },
              revenue: {
                inputFields: [
                  { name: 'raw.items', field: 'price', transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }] },
                ],
              },
            },
            dataset: [
              { name: 'raw.items', field: 'sku', transformations: [{ type: 'INDIRECT', subtype: 'GROUP_BY' }] },
            ],
          },
        },
      ],
      inputs: [{ name: 'raw.items' }],
      diagnostics: [],
    });
  });

  it('reads standard input and expands SELECT * from a --schema file', async () => {
    const dir = files({ 'schema.json': JSON.stringify({ 'raw.items': ['sku', 'title', 'price'] }) });
    const run = await rootline(['sql', 'lineage', '-', '--schema', join(dir, 'schema.json'), '--json'], {
      stdin: 'CREATE TABLE mart.items AS SELECT * FROM raw.items',
    });
    expect(run.code).toBe(0);
    const fields = JSON.parse(run.stdout).outputs[0].columnLineage.fields;
    expect(Object.keys(fields)).toEqual(['sku', 'title', 'price']);
  });

  it('prints a readable table of target columns and their sources', async () => {
    const run = await rootline(['sql', 'lineage', '--dialect', 'snowflake'], {
      stdin: 'INSERT INTO mart.t SELECT id, md5(email) AS email_hash FROM raw.users WHERE active',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('MART.T');
    expect(run.stdout).toMatch(/EMAIL_HASH\s+<-\s+RAW\.USERS\.EMAIL \(transformation masked\)/);
    expect(run.stdout).toMatch(/\(all rows\)\s+<-\s+RAW\.USERS\.ACTIVE \(filter\)/);
    expect(run.stdout).toContain('inputs: RAW.USERS');
  });

  it('adds the namespace to tables only when one is given', async () => {
    const run = await rootline(['sql', 'lineage', '--namespace', 'postgres://db:5432', '--json'], {
      stdin: 'INSERT INTO o SELECT a FROM t',
    });
    const out = JSON.parse(run.stdout);
    expect(out.outputs[0].namespace).toBe('postgres://db:5432');
    expect(out.inputs).toEqual([{ namespace: 'postgres://db:5432', name: 't' }]);
  });

  it('exits 2 with the valid dialects for an unknown dialect', async () => {
    const run = await rootline(['sql', 'lineage', '--dialect', 'klingon'], { stdin: 'SELECT 1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown SQL dialect 'klingon'");
    expect(run.stderr).toContain('postgres, redshift, snowflake');
  });

  it('exits 2 for a schema file that is not a table-to-columns map', async () => {
    const dir = files({ 'schema.json': '{"raw.items": "sku"}' });
    const run = await rootline(['sql', 'lineage', '--schema', join(dir, 'schema.json')], { stdin: 'SELECT 1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must map table names to lists of column names');
  });

  it('prints parse errors with their position and exits 2 after the statements that parsed', async () => {
    const run = await rootline(['sql', 'lineage', '--json'], {
      stdin: 'INSERT INTO o SELECT a FROM t;\nSELEC b FROM u',
    });
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out.outputs.map((o: { name: string }) => o.name)).toEqual(['o']);
    expect(out.diagnostics[0]).toMatchObject({ severity: 'error', code: 'parse_error', line: 2 });
  });

  it('exits 2 for a missing file', async () => {
    const run = await rootline(['sql', 'lineage', '/nonexistent/q.sql']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file');
  });
});
