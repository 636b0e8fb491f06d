import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256 } from '../model/canonical-json.js';
import { ConflictError, InputError } from '../model/errors.js';
import type { Mutation } from '../model/mutation.js';
import { rewriteIncident, writeIncident } from './active/incident-table.js';
import { writeSubscription } from './active/subscription-table.js';
import type { Incident, IncidentChange, SubscriptionRecord } from './active-store.js';
import { applyMutation } from './apply-mutation.js';
import { EVENT_COLUMNS, eventRow, GENESIS_HASH, hashEventHeader } from './event-log.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import type { AccessToken, IngestResult, StoredEvent } from './store.js';
import { writeTokenRow } from './token-table.js';

/**
 * Appends an exported record with its original header (sequence number, times, actor, hashes),
 * so the imported chain is the exported chain, and applies the mutation its replay produced.
 * The record must continue this database's chain exactly (import into an empty database, in
 * order) and its hashes must match its contents. `admin` records restore the tokens they name;
 * a `retention` checkpoint clears the run details it cleared.
 */
export function importEventRecord(driver: SqlDriver, record: StoredEvent, mutation: Mutation): Promise<IngestResult> {
  return driver.writeTransaction(async (tx) => {
    const last = await tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
    const expected = Number(last?.seq ?? 0) + 1;
    if (record.seq !== expected || record.prevHash !== (last?.hash ?? GENESIS_HASH)) {
      throw new ConflictError(
        `record ${record.seq} does not continue this database's chain (expected record ${expected}); import into an empty database`,
        { path: `record[${record.seq}]` },
      );
    }
    const pruned = record.prunedBy !== undefined;
    const payloadText = pruned ? 'null' : canonicalJson(record.payload ?? null);
    if (!pruned && sha256(payloadText) !== record.payloadHash) {
      throw new InputError(`record ${record.seq}: the payload does not match its payloadHash`, {
        path: `record[${record.seq}]`,
      });
    }
    if (hashEventHeader(record) !== record.hash) {
      throw new InputError(`record ${record.seq}: the hash does not match its header`, {
        path: `record[${record.seq}]`,
      });
    }
    await tx.run(`INSERT INTO events (${EVENT_COLUMNS}, pruned_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      ...eventRow(record, payloadText, record.hash),
      record.prunedBy ?? null,
    ]);
    await applyMutation(tx, mutation, record.seq);
    if (record.source === 'admin') await replayAdmin(tx, record.payload, record.actor);
    if (record.source === 'retention') await replayRetention(tx, record.payload);
    return { status: 'accepted', seq: record.seq, hash: record.hash };
  });
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;
}

/**
 * Restores what an `admin` record did beside the graph: tokens, incidents (opened, changed,
 * resolved) and subscriptions. The log never holds a subscription's signing secret, so an
 * imported subscription gets a new one (`importLog` reports them).
 */
async function replayAdmin(tx: SqlExecutor, payload: unknown, actor: string | null): Promise<void> {
  const action = field(payload, 'action');
  if (action === 'incident.open') {
    const incident = field(payload, 'incident');
    if (isIncident(incident)) await writeIncident(tx, incident);
    return;
  }
  if (action === 'incident.update' || action === 'incident.resolve') {
    const id = field(payload, 'id');
    const change = field(payload, 'change');
    if (typeof id === 'string' && isIncidentChange(change)) await rewriteIncident(tx, id, change, actor);
    return;
  }
  if (action === 'subscription.create') {
    const subscription = field(payload, 'subscription');
    if (isSubscription(subscription)) {
      await writeSubscription(tx, { ...subscription, secret: randomBytes(24).toString('hex') });
    }
    return;
  }
  if (action === 'subscription.delete') {
    const id = field(payload, 'id');
    if (typeof id === 'string') await tx.run('DELETE FROM subscriptions WHERE id = ?', [id]);
    return;
  }
  if (action === 'token.create') {
    const token = field(payload, 'token');
    const hash = field(payload, 'secretHash');
    if (isToken(token) && typeof hash === 'string') await writeTokenRow(tx, token, hash);
  } else if (action === 'token.revoke') {
    const id = field(payload, 'id');
    const at = field(payload, 'at');
    if (typeof id === 'string' && typeof at === 'string') {
      await tx.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id]);
    }
  }
}

async function replayRetention(tx: SqlExecutor, payload: unknown): Promise<void> {
  const runsBefore = field(field(payload, 'cutoffs'), 'runsBefore');
  if (typeof runsBefore === 'string') {
    await tx.run(`UPDATE runs SET facets = '{}', error_message = NULL WHERE created_at < ?`, [runsBefore]);
  }
}

function isIncident(value: unknown): value is Incident {
  return (
    typeof field(value, 'id') === 'string' &&
    typeof field(value, 'nodeId') === 'string' &&
    typeof field(value, 'title') === 'string' &&
    typeof field(value, 'openedAt') === 'string' &&
    Array.isArray(field(value, 'notes'))
  );
}

function isIncidentChange(value: unknown): value is IncidentChange {
  return typeof field(value, 'at') === 'string';
}

function isSubscription(value: unknown): value is Omit<SubscriptionRecord, 'secret'> {
  return (
    typeof field(value, 'id') === 'string' &&
    typeof field(value, 'rule') === 'object' &&
    typeof field(value, 'target') === 'object' &&
    typeof field(value, 'createdAt') === 'string'
  );
}

function isToken(value: unknown): value is AccessToken {
  return (
    typeof field(value, 'id') === 'string' &&
    typeof field(value, 'role') === 'string' &&
    Array.isArray(field(value, 'scopes')) &&
    typeof field(value, 'createdAt') === 'string'
  );
}
