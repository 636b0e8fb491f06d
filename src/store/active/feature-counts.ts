import type { FeatureCount } from '../active-store.js';
import type { SqlDriver, SqlExecutor } from '../sql-driver.js';

const ROWS_PER_STATEMENT = 100;

/** Sums rows into the daily per-feature histograms, merging equal keys first. */
export async function addCounts(driver: SqlDriver, rows: readonly FeatureCount[]): Promise<void> {
  const merged = new Map<string, FeatureCount>();
  for (const row of rows) {
    const key = JSON.stringify([row.deployment, row.day, row.feature, row.bucket]);
    const existing = merged.get(key);
    if (existing) existing.count += row.count;
    else merged.set(key, { ...row });
  }
  const all = [...merged.values()];
  if (all.length === 0) return;
  await driver.writeTransaction(async (tx) => {
    for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
      const part = all.slice(i, i + ROWS_PER_STATEMENT);
      await tx.run(
        `INSERT INTO feature_histograms (deployment, day, feature, bucket, count)
          VALUES ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}
          ON CONFLICT (deployment, day, feature, bucket) DO UPDATE SET count = feature_histograms.count + excluded.count`,
        part.flatMap((row) => [row.deployment, row.day, row.feature, row.bucket, row.count]),
      );
    }
  });
}

export async function readCounts(
  db: SqlExecutor,
  deployment: string,
  fromDay: string,
  toDay: string,
): Promise<FeatureCount[]> {
  const rows = await db.all<{
    deployment: string;
    day: string;
    feature: string;
    bucket: string;
    count: number | string;
  }>(
    `SELECT deployment, day, feature, bucket, count FROM feature_histograms
      WHERE deployment = ? AND day >= ? AND day <= ? ORDER BY day, feature, bucket`,
    [deployment, fromDay, toDay],
  );
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}
