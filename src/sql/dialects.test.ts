import { describe, expect, it } from 'vitest';
import { lineageLines } from '../../test/helpers/sql-lineage-lines.js';
import { analyzeSql } from './analyze-sql.js';
import { getDialectRules, SQL_DIALECTS, UnknownDialectError } from './dialects.js';

const QUOTES: Record<string, [string, string]> = {
  bigquery: ['`', '`'],
  spark: ['`', '`'],
  databricks: ['`', '`'],
  hive: ['`', '`'],
  mysql: ['`', '`'],
  tsql: ['[', ']'],
};

describe('dialects', () => {
  for (const dialect of SQL_DIALECTS) {
    it(`quotes and folds identifiers the ${dialect} way`, () => {
      const [open, close] = QUOTES[dialect] ?? ['"', '"'];
      const sql = `INSERT INTO Mart.Out SELECT ${open}Mixed Col${close} AS ${open}Kept${close}, Plain FROM Raw.Items`;
      const upper = getDialectRules(dialect).folding === 'upper';
      const fold = (s: string) => (upper ? s.toUpperCase() : s.toLowerCase());
      const result = analyzeSql(sql, { dialect });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(lineageLines(result)).toEqual(
        [
          `${fold('Mart.Out')}.Kept <- ${fold('Raw.Items')}.Mixed Col IDENTITY`,
          `${fold('Mart.Out')}.${fold('Plain')} <- ${fold('Raw.Items')}.${fold('Plain')} IDENTITY`,
        ].sort(),
      );
    });
  }

  it('accepts dialect names in any case', () => {
    expect(getDialectRules('PostgreS').name).toBe('postgres');
  });

  it('rejects an unknown dialect with the list of valid ones', () => {
    expect(() => analyzeSql('SELECT 1', { dialect: 'klingon' })).toThrow(UnknownDialectError);
    try {
      analyzeSql('SELECT 1', { dialect: 'klingon' });
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownDialectError);
      expect((error as UnknownDialectError).validDialects).toEqual(SQL_DIALECTS);
      expect((error as Error).message).toContain('postgres, redshift, snowflake');
    }
  });

  it('matches schema keys with the dialect folding', () => {
    const result = analyzeSql('INSERT INTO o SELECT * FROM raw.items', {
      dialect: 'snowflake',
      schema: { 'RAW.ITEMS': ['sku'] },
    });
    expect(lineageLines(result)).toEqual(['O.SKU <- RAW.ITEMS.SKU IDENTITY']);
  });
});
