import { canonicalJson, sha256 } from '../model/canonical-json.js';
import { ConflictError, InputError } from '../model/errors.js';
import type { Mutation } from '../model/mutation.js';
import { applyMutation } from './apply-mutation.js';
import { EVENT_COLUMNS, GENESIS_HASH, hashEventHeader } from './event-log.js';
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
      record.seq,
      record.source,
      record.actor,
      record.eventTime,
      record.receivedAt,
      payloadText,
      record.payloadHash,
      record.prevHash,
      record.hash,
      record.prunedBy ?? null,
    ]);
    await applyMutation(tx, mutation, record.seq);
    if (record.source === 'admin') await replayAdmin(tx, record.payload);
    if (record.source === 'retention') await replayRetention(tx, record.payload);
    return { status: 'accepted', seq: record.seq, hash: record.hash };
  });
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? Reflect.get(value, key) : undefined;
}

async function replayAdmin(tx: SqlExecutor, payload: unknown): Promise<void> {
  const action = field(payload, 'action');
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

function isToken(value: unknown): value is AccessToken {
  return (
    typeof field(value, 'id') === 'string' &&
    typeof field(value, 'role') === 'string' &&
    Array.isArray(field(value, 'scopes')) &&
    typeof field(value, 'createdAt') === 'string'
  );
}
