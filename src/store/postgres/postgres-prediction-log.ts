import {
  isSamePrediction,
  type Prediction,
  type PredictionAppendStatus,
  type PredictionLog,
  type PredictionQuery,
  pageLimit,
} from '../prediction-log.js';
import type { SqlDriver, SqlExecutor } from '../sql-driver.js';
import type { Page } from '../store.js';

/**
 * The PostgreSQL prediction log: a table partitioned by month on `time`; partitions are created
 * on demand by the append that first needs them, and retention drops whole partitions. An id
 * index on every partition serves lookups by id (a trace); uniqueness of ids across partitions is
 * checked under the store's write lock.
 */
export const POSTGRES_PREDICTIONS_SQL = `
CREATE TABLE predictions (
  id TEXT NOT NULL,
  time TIMESTAMPTZ NOT NULL,
  deployment TEXT NOT NULL,
  model_version TEXT NOT NULL,
  features JSONB NOT NULL,
  output JSONB NOT NULL,
  hash TEXT NOT NULL
) PARTITION BY RANGE (time);
CREATE INDEX predictions_id ON predictions (id);
CREATE INDEX predictions_time ON predictions (time);
CREATE INDEX predictions_deployment_time ON predictions (deployment, time);
`;

const ISO = `to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const SELECT = `SELECT id, ${ISO} AS time, deployment, model_version, features::text AS features, output::text AS output FROM predictions`;

/** The first prediction log kept a content hash per row; duplicates are now compared canonically on demand. */
export const POSTGRES_PREDICTIONS_DROP_HASH_SQL = 'ALTER TABLE predictions DROP COLUMN hash;';

interface Row {
  id: string;
  time: string;
  deployment: string;
  model_version: string;
  features: string;
  output: string;
}

export class PostgresPredictionLog implements PredictionLog {
  constructor(private readonly driver: SqlDriver) {}

  async append(records: readonly Prediction[]): Promise<PredictionAppendStatus[]> {
    if (records.length === 0) return [];
    return this.driver.writeTransaction(async (tx) => {
      const found = await tx.all<Row>(`${SELECT} WHERE id IN (SELECT json_array_elements_text(?::json))`, [
        JSON.stringify(records.map((r) => r.id)),
      ]);
      const existing = new Map(found.map((row) => [row.id, toPrediction(row)]));
      const statuses = records.map((r): PredictionAppendStatus => {
        const stored = existing.get(r.id);
        return stored === undefined ? 'inserted' : isSamePrediction(stored, r) ? 'duplicate' : 'conflict';
      });
      if (statuses.includes('conflict')) return statuses;
      const fresh = records
        .filter((_, i) => statuses[i] === 'inserted')
        .map((p) => ({
          id: p.id,
          time: p.time,
          deployment: p.deployment,
          model_version: p.modelVersion,
          features: p.features,
          output: p.output ?? null,
        }));
      if (fresh.length === 0) return statuses;
      for (const month of monthsOf(fresh.map((r) => r.time))) await ensurePartition(tx, month);
      await tx.run(
        `INSERT INTO predictions (id, time, deployment, model_version, features, output)
         SELECT x.id, x.time::timestamptz, x.deployment, x.model_version, coalesce(x.features, '{}'::jsonb), coalesce(x.output, 'null'::jsonb)
         FROM json_to_recordset(?::json) AS x(id text, time text, deployment text, model_version text, features jsonb, output jsonb)`,
        [JSON.stringify(fresh)],
      );
      return statuses;
    });
  }

  async get(id: string): Promise<Prediction | null> {
    const row = await this.driver.get<Row>(`${SELECT} WHERE id = ? LIMIT 1`, [id]);
    return row ? toPrediction(row) : null;
  }

  async list(query: PredictionQuery): Promise<Page<Prediction>> {
    const filters: [string, string | undefined][] = [
      ['deployment = ?', query.deployment],
      ['model_version = ?', query.modelVersion],
      ['time >= ?::timestamptz', query.from],
      ['time < ?::timestamptz', query.to],
    ];
    const used = filters.filter((f): f is [string, string] => f[1] !== undefined);
    const params = used.map((f) => f[1]);
    const clause = used.length ? `WHERE ${used.map((f) => f[0]).join(' AND ')}` : '';
    const limit = pageLimit(query.limit);
    const offset = Math.max(0, query.offset ?? 0);
    const rows = await this.driver.all<Row>(
      `${SELECT} ${clause} ORDER BY predictions.time DESC, id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const total = await this.driver.get<{ n: string | number }>(
      `SELECT COUNT(*) AS n FROM predictions ${clause}`,
      params,
    );
    return { items: rows.map(toPrediction), total: Number(total?.n ?? 0) };
  }

  async prune(before: string): Promise<number> {
    return this.driver.writeTransaction(async (tx) => {
      const partitions = await tx.all<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'predictions'::regclass`,
      );
      let removed = 0;
      for (const partition of partitions) {
        const month = /^predictions_(\d{4})_(\d{2})$/.exec(partition.name);
        if (!month?.[1] || !month[2] || `${nextMonth(`${month[1]}-${month[2]}`)}-01T00:00:00.000Z` > before) continue;
        const count = await tx.get<{ n: string | number }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(partition.name)}`);
        removed += Number(count?.n ?? 0);
        await tx.run(`DROP TABLE ${quoteIdent(partition.name)}`);
      }
      return removed + (await tx.run('DELETE FROM predictions WHERE time < ?::timestamptz', [before]));
    });
  }
}

/** `YYYY-MM` of each time, distinct. */
function monthsOf(times: readonly string[]): string[] {
  return [...new Set(times.map((t) => t.slice(0, 7)))];
}

/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const mon = Number(month.slice(5, 7));
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
}

async function ensurePartition(tx: SqlExecutor, month: string): Promise<void> {
  const next = nextMonth(month);
  const name = `predictions_${month.replace('-', '_')}`;
  await tx.run(
    `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF predictions FOR VALUES FROM ('${month}-01T00:00:00Z') TO ('${next}-01T00:00:00Z')`,
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
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
