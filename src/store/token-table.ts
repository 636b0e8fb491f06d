import { canonicalJson } from '../model/canonical-json.js';
import { appendEvent } from './event-log.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import type { AccessToken, IngestResult, TokenRole } from './store.js';

interface TokenRow {
  id: string;
  role: string;
  namespaces: string | null;
  scopes: string;
  description: string | null;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

const TOKEN_COLUMNS = 'id, role, namespaces, scopes, description, created_at, created_by, expires_at, revoked_at';

function toRole(value: string): TokenRole {
  return value === 'admin' || value === 'editor' ? value : 'viewer';
}

function stringList(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function toToken(row: TokenRow): AccessToken {
  return {
    id: row.id,
    role: toRole(row.role),
    namespaces: row.namespaces === null ? null : stringList(row.namespaces),
    scopes: stringList(row.scopes),
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Inserts a token row and its `admin` event-log record in one write transaction. The record
 * carries the secret's hash (never the secret) so an import can restore working tokens.
 */
export function insertToken(
  driver: SqlDriver,
  token: AccessToken,
  secretHash: string,
  actor: string | null,
): Promise<IngestResult> {
  const payload = { action: 'token.create', token, secretHash };
  return driver.writeTransaction(async (tx) => {
    const appended = await appendEvent(
      tx,
      { source: 'admin', actor, payload, eventTime: token.createdAt },
      canonicalJson(payload),
    );
    if (appended.status === 'accepted') await writeTokenRow(tx, token, secretHash);
    return { status: appended.status, seq: appended.seq, hash: appended.hash };
  });
}

/** Writes (or, on import, re-writes) a token row as given. */
export async function writeTokenRow(tx: SqlExecutor, token: AccessToken, secretHash: string): Promise<void> {
  await tx.run(
    `INSERT INTO tokens (${TOKEN_COLUMNS}, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at`,
    [
      token.id,
      token.role,
      token.namespaces === null ? null : JSON.stringify(token.namespaces),
      JSON.stringify(token.scopes),
      token.description,
      token.createdAt,
      token.createdBy,
      token.expiresAt,
      token.revokedAt,
      secretHash,
    ],
  );
}

export async function findToken(db: SqlExecutor, secretHash: string): Promise<AccessToken | null> {
  const row = await db.get<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ?`, [secretHash]);
  return row ? toToken(row) : null;
}

export async function listTokenRows(db: SqlExecutor): Promise<AccessToken[]> {
  const rows = await db.all<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY created_at DESC, id`);
  return rows.map(toToken);
}

/** Marks a token revoked and logs it; a token already revoked keeps its first revocation time. */
export function markTokenRevoked(driver: SqlDriver, id: string, actor: string | null): Promise<AccessToken | null> {
  return driver.writeTransaction(async (tx) => {
    const row = await tx.get<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE id = ?`, [id]);
    if (!row) return null;
    if (row.revoked_at !== null) return toToken(row);
    const at = new Date().toISOString();
    const payload = { action: 'token.revoke', id, at };
    await appendEvent(tx, { source: 'admin', actor, payload, eventTime: at }, canonicalJson(payload));
    await tx.run('UPDATE tokens SET revoked_at = ? WHERE id = ?', [at, id]);
    return toToken({ ...row, revoked_at: at });
  });
}
