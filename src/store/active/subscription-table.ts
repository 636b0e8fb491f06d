import { canonicalJson } from '../../model/canonical-json.js';
import type { SubscriptionRecord } from '../active-store.js';
import { appendEvent } from '../event-log.js';
import type { SqlDriver, SqlExecutor } from '../sql-driver.js';

interface SubscriptionRow {
  id: string;
  rule: string;
  target: string;
  secret: string;
  description: string | null;
  created_at: string;
  created_by: string | null;
}

const COLUMNS = 'id, rule, target, secret, description, created_at, created_by';

function objectOf(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

function toSubscription(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    rule: objectOf(row.rule),
    target: objectOf(row.target),
    secret: row.secret,
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Inserts a subscription with a `subscription.create` record (without its secret) in the event log. */
export function insertSubscription(
  driver: SqlDriver,
  record: SubscriptionRecord,
  actor: string | null,
): Promise<SubscriptionRecord> {
  const { secret: _secret, ...logged } = record;
  const payload = { action: 'subscription.create', subscription: logged };
  return driver.writeTransaction(async (tx) => {
    await appendEvent(tx, { source: 'admin', actor, payload, eventTime: record.createdAt }, canonicalJson(payload));
    await writeSubscription(tx, record);
    return record;
  });
}

/** Inserts a subscription row (the `subscription.create` record is the caller's). */
export async function writeSubscription(tx: SqlExecutor, record: SubscriptionRecord): Promise<void> {
  await tx.run(`INSERT INTO subscriptions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    record.id,
    JSON.stringify(record.rule),
    JSON.stringify(record.target),
    record.secret,
    record.description,
    record.createdAt,
    record.createdBy,
  ]);
}

export async function readSubscription(db: SqlExecutor, id: string): Promise<SubscriptionRecord | null> {
  const row = await db.get<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = ?`, [id]);
  return row ? toSubscription(row) : null;
}

export async function readSubscriptions(db: SqlExecutor): Promise<SubscriptionRecord[]> {
  const rows = await db.all<SubscriptionRow>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY created_at, id`);
  return rows.map(toSubscription);
}

/** Deletes a subscription and records it; false when there was none. */
export function removeSubscription(driver: SqlDriver, id: string, actor: string | null): Promise<boolean> {
  return driver.writeTransaction(async (tx) => {
    const row = await tx.get<{ id: string }>('SELECT id FROM subscriptions WHERE id = ?', [id]);
    if (!row) return false;
    const at = new Date().toISOString();
    const payload = { action: 'subscription.delete', id, at };
    await appendEvent(tx, { source: 'admin', actor, payload, eventTime: at }, canonicalJson(payload));
    await tx.run('DELETE FROM subscriptions WHERE id = ?', [id]);
    return true;
  });
}
