import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHiveEvents, runSqllineageCases, SQLLINEAGE_CASES } from './sql-conformance.js';

const threshold = JSON.parse(readFileSync(resolve(import.meta.dirname, 'sql-threshold.json'), 'utf8')) as Record<
  string,
  number
>;
const results = runSqllineageCases();
if (!results) console.log(`SQL conformance skipped: corpus not found at ${SQLLINEAGE_CASES} (needs ../shared)`);

function rate(kind: string, list = results ?? []): number {
  const ofKind = list.filter((r) => r.kind === kind);
  return ofKind.filter((r) => r.passed).length / Math.max(1, ofKind.length);
}

describe.skipIf(!results)('SQL lineage conformance against the sqllineage corpus', () => {
  it('keeps the column-case pass rate at or above the committed threshold', () => {
    expect(rate('column')).toBeGreaterThanOrEqual(threshold.column ?? 1);
  });

  it('keeps the table-case pass rate at or above the committed threshold', () => {
    expect(rate('table')).toBeGreaterThanOrEqual(threshold.table ?? 1);
  });

  it('keeps the Hive event pass rate at or above the committed threshold', () => {
    expect(rate('hive-event', runHiveEvents() ?? [])).toBeGreaterThanOrEqual(threshold.hiveEvent ?? 1);
  });
});
