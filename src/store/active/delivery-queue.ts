import type {
  Delivery,
  DeliveryAttempt,
  DeliveryInput,
  DeliveryQuery,
  DeliveryStatus,
  EnqueueResult,
} from '../active-store.js';
import type { SqlDriver, SqlExecutor } from '../sql-driver.js';
import type { Page } from '../store.js';

interface DeliveryRow {
  id: number | string;
  subscription_id: string;
  dedup_key: string;
  rule: string;
  payload: string;
  status: string;
  attempts: number | string;
  next_attempt_at: string | null;
  last_error: string | null;
  response_status: number | string | null;
  created_at: string;
  delivered_at: string | null;
}

const COLUMNS =
  'id, subscription_id, dedup_key, rule, payload, status, attempts, next_attempt_at, last_error, response_status, created_at, delivered_at';

function toStatus(value: string): DeliveryStatus {
  return value === 'delivered' || value === 'failed' ? value : 'pending';
}

function toDelivery(row: DeliveryRow): Delivery {
  const payload: unknown = JSON.parse(row.payload);
  return {
    id: Number(row.id),
    subscriptionId: row.subscription_id,
    dedupKey: row.dedup_key,
    rule: row.rule,
    payload: typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? { ...payload } : {},
    status: toStatus(row.status),
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    responseStatus: row.response_status === null ? null : Number(row.response_status),
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** Queues a delivery: once per (subscription, dedup key), and only while fewer than `maxPending` wait. */
export function insertDelivery(driver: SqlDriver, input: DeliveryInput, maxPending: number): Promise<EnqueueResult> {
  return driver.writeTransaction(async (tx) => {
    const seen = await tx.get<{ id: number }>(
      'SELECT id FROM alert_deliveries WHERE subscription_id = ? AND dedup_key = ?',
      [input.subscriptionId, input.dedupKey],
    );
    if (seen) return { status: 'duplicate' };
    const pending = await tx.get<{ n: number | string }>(
      "SELECT COUNT(*) AS n FROM alert_deliveries WHERE status = 'pending'",
    );
    if (Number(pending?.n ?? 0) >= maxPending) return { status: 'full' };
    const row = await tx.get<{ id: number | string }>(
      `INSERT INTO alert_deliveries (subscription_id, dedup_key, rule, payload, status, attempts, next_attempt_at,
        created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) RETURNING id`,
      [input.subscriptionId, input.dedupKey, input.rule, JSON.stringify(input.payload), input.at, input.at],
    );
    return { status: 'queued', id: Number(row?.id) };
  });
}

/** Leases the due pending deliveries (oldest first) by moving their next attempt to `leaseUntil`. */
export async function leaseDueDeliveries(
  driver: SqlDriver,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<Delivery[]> {
  // A plain read first: an idle queue (the usual case) never takes the database's write lock.
  const due = await driver.get<{ id: number }>(
    "SELECT id FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1",
    [now],
  );
  if (!due) return [];
  return driver.writeTransaction(async (tx) => {
    const rows = await tx.all<DeliveryRow>(
      `SELECT ${COLUMNS} FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
        ORDER BY next_attempt_at, id LIMIT ?`,
      [now, limit],
    );
    for (const row of rows) {
      await tx.run('UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ?', [leaseUntil, row.id]);
    }
    return rows.map(toDelivery);
  });
}

export async function writeAttempt(db: SqlExecutor, id: number, attempt: DeliveryAttempt): Promise<void> {
  const status: DeliveryStatus = attempt.ok ? 'delivered' : attempt.nextAttemptAt === null ? 'failed' : 'pending';
  await db.run(
    `UPDATE alert_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
      response_status = ?, delivered_at = ? WHERE id = ?`,
    [
      status,
      attempt.ok ? null : attempt.nextAttemptAt,
      attempt.error,
      attempt.responseStatus,
      attempt.ok ? attempt.at : null,
      id,
    ],
  );
}

export async function readDeliveries(db: SqlExecutor, query: DeliveryQuery): Promise<Page<Delivery>> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 1000));
  const offset = Math.max(0, query.offset ?? 0);
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (query.status) {
    conditions.push('status = ?');
    params.push(query.status);
  }
  if (query.subscriptionId) {
    conditions.push('subscription_id = ?');
    params.push(query.subscriptionId);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await db.all<DeliveryRow>(
    `SELECT ${COLUMNS} FROM alert_deliveries ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  const count = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM alert_deliveries ${where}`, params);
  return { items: rows.map(toDelivery), total: Number(count?.n ?? 0) };
}
