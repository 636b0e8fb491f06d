import type { SqlDriver, SqlExecutor } from '../sql-driver.js';

const NAME = 'rules';

/** The highest event-log sequence number alert rules were evaluated through (see migration 9). */
export async function readProgress(db: SqlExecutor): Promise<number> {
  const row = await db.get<{ seq: number }>('SELECT seq FROM alert_progress WHERE name = ?', [NAME]);
  return Number(row?.seq ?? 0);
}

/** Raises the mark to `seq`; never lowers it (two servers may record out of order). */
export function raiseProgress(driver: SqlDriver, seq: number): Promise<void> {
  return driver.writeTransaction(async (tx) => {
    await tx.run(
      `INSERT INTO alert_progress (name, seq) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET seq = CASE WHEN excluded.seq > alert_progress.seq THEN excluded.seq ELSE alert_progress.seq END`,
      [NAME, seq],
    );
  });
}
