import type Database from 'better-sqlite3';
import {
  isSamePrediction,
  type Prediction,
  type PredictionAppendStatus,
  type PredictionLog,
  type PredictionQuery,
  pageLimit,
} from '../prediction-log.js';
import type { SqlDriver } from '../sql-driver.js';
import type { Page } from '../store.js';

/** The SQLite prediction log table: time-indexed, one row per prediction, features and output as JSON text. */
export const SQLITE_PREDICTIONS_SQL = `
CREATE TABLE predictions (
  pid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL,
  deployment TEXT NOT NULL,
  model_version TEXT NOT NULL,
  features TEXT NOT NULL,
  output TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX predictions_time ON predictions (time);
CREATE INDEX predictions_deployment_time ON predictions (deployment, time);
`;

/** The first prediction log kept a content hash per row; duplicates are now compared canonically on demand. */
export const SQLITE_PREDICTIONS_DROP_HASH_SQL = 'ALTER TABLE predictions DROP COLUMN hash;';

interface Row {
  id: string;
  time: string;
  deployment: string;
  model_version: string;
  features: string;
  output: string;
}

const COLUMNS = 'id, time, deployment, model_version, features, output';

/**
 * The prediction log on SQLite. Appends run inside the store's write transaction (so they never
 * interleave with graph writes) but use better-sqlite3 prepared statements directly: a batch of
 * 10,000 rows is one transaction of synchronous inserts.
 */
export class SqlitePredictionLog implements PredictionLog {
  private readonly insert: Database.Statement<unknown[], unknown>;
  private readonly byId: Database.Statement<unknown[], unknown>;

  constructor(
    private readonly driver: SqlDriver,
    db: Database.Database,
  ) {
    this.insert = db.prepare(
      `INSERT INTO predictions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM predictions WHERE id = ?`);
  }

  async append(records: readonly Prediction[]): Promise<PredictionAppendStatus[]> {
    const rows = records.map((p) => [
      p.id,
      p.time,
      p.deployment,
      p.modelVersion,
      JSON.stringify(p.features),
      JSON.stringify(p.output ?? null),
    ]);
    return this.driver
      .writeTransaction(async () => {
        const statuses: PredictionAppendStatus[] = [];
        let conflict = false;
        rows.forEach((row, i) => {
          if (this.insert.run(...row).changes === 1) {
            statuses.push('inserted');
            return;
          }
          const stored = this.byId.get(row[0]) as Row | undefined;
          const record = records[i];
          const same = stored !== undefined && record !== undefined && isSamePrediction(toPrediction(stored), record);
          conflict ||= !same;
          statuses.push(same ? 'duplicate' : 'conflict');
        });
        if (conflict) throw new AppendConflict(statuses);
        return statuses;
      })
      .catch((error: unknown) => {
        if (error instanceof AppendConflict) return error.statuses;
        throw error;
      });
  }

  async get(id: string): Promise<Prediction | null> {
    const row = await this.driver.get<Row>(`SELECT ${COLUMNS} FROM predictions WHERE id = ?`, [id]);
    return row ? toPrediction(row) : null;
  }

  async list(query: PredictionQuery): Promise<Page<Prediction>> {
    const filters: [string, string | undefined][] = [
      ['deployment = ?', query.deployment],
      ['model_version = ?', query.modelVersion],
      ['time >= ?', query.from],
      ['time < ?', query.to],
    ];
    const used = filters.filter((f): f is [string, string] => f[1] !== undefined);
    const params = used.map((f) => f[1]);
    const clause = used.length ? `WHERE ${used.map((f) => f[0]).join(' AND ')}` : '';
    const limit = pageLimit(query.limit);
    const offset = Math.max(0, query.offset ?? 0);
    const rows = await this.driver.all<Row>(
      `SELECT ${COLUMNS} FROM predictions ${clause} ORDER BY time DESC, id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const total = await this.driver.get<{ n: number }>(`SELECT COUNT(*) AS n FROM predictions ${clause}`, params);
    return { items: rows.map(toPrediction), total: Number(total?.n ?? 0) };
  }

  async prune(before: string): Promise<number> {
    return this.driver.writeTransaction((tx) => tx.run('DELETE FROM predictions WHERE time < ?', [before]));
  }
}

/** Thrown inside the write transaction to roll a conflicting batch back; carries the statuses out. */
class AppendConflict extends Error {
  constructor(readonly statuses: PredictionAppendStatus[]) {
    super('prediction batch rolled back: an id is already logged with different content');
  }
}

function toPrediction(row: Row): Prediction {
  return {
    id: row.id,
    time: row.time,
    deployment: row.deployment,
    modelVersion: row.model_version,
    features: JSON.parse(row.features) as Record<string, unknown>,
    output: JSON.parse(row.output) as unknown,
  };
}
