import type { SqlExecutor, SqlValue } from './sql-driver.js';
import type { PageQuery } from './store.js';

export const DEFAULT_LIMIT = 100;

export function pageOf(page: PageQuery | undefined): [number, number] {
  return [Math.max(0, Math.min(page?.limit ?? DEFAULT_LIMIT, 10_000)), Math.max(0, page?.offset ?? 0)];
}

/** Runs a filtered, counted and paged query over a table. */
export async function pageRows<R>(
  db: SqlExecutor,
  select: string,
  from: string,
  where: string[],
  params: SqlValue[],
  orderBy: string,
  page: PageQuery | undefined,
  orderParams: SqlValue[] = [],
): Promise<{ rows: R[]; total: number }> {
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [limit, offset] = pageOf(page);
  const count = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${from} ${clause}`, params);
  const rows = await db.all<R>(`SELECT ${select} FROM ${from} ${clause} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [
    ...params,
    ...orderParams,
    limit,
    offset,
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/**
 * The WHERE clauses and parameters of the filters that are set: each `[clause, value]` with a
 * value other than undefined contributes its clause (one `?`) and its value.
 */
export function filtersOf(filters: readonly (readonly [clause: string, value: SqlValue | undefined])[]): {
  where: string[];
  params: SqlValue[];
} {
  const set = filters.filter((filter): filter is readonly [string, SqlValue] => filter[1] !== undefined);
  return { where: set.map(([clause]) => clause), params: set.map(([, value]) => value) };
}

/** Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
