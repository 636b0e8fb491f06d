import type { SqlExecutor, SqlValue } from './sql-driver.js';

const ROWS_PER_STATEMENT = 50;

/**
 * Writes `rows` with `INSERT INTO table (columns) VALUES (...), (...) [tail]`, up to 50 rows per
 * statement (the last statement shorter), in the order given.
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  tail = '',
): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    await tx.run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => tuple).join(', ')}${tail ? ` ${tail}` : ''}`,
      part.flat(),
    );
  }
}
