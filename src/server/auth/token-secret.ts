import { createHash, randomBytes } from 'node:crypto';
import type { AccessToken, Store, TokenRole } from '../../store/store.js';

/** Prefix of every Rootline token secret, so secret scanners and people can recognise one. */
export const TOKEN_PREFIX = 'rl_';

/** SHA-256 (hex) of a token secret: what the store keeps and looks tokens up by. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface TokenRequest {
  role: TokenRole;
  namespaces: string[] | null;
  scopes: string[];
  description: string | null;
  /** ISO time the token stops working; null for never. */
  expiresAt: string | null;
}

/**
 * Creates a token: 256 random bits as the secret, only its hash stored. The secret is returned
 * once, here, and cannot be recovered later.
 */
export async function issueToken(
  store: Store,
  request: TokenRequest,
  actor: string | null,
): Promise<{ token: AccessToken; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const token: AccessToken = {
    id: `tok_${randomBytes(8).toString('hex')}`,
    role: request.role,
    namespaces: request.namespaces,
    scopes: request.scopes,
    description: request.description,
    createdAt: new Date().toISOString(),
    createdBy: actor,
    expiresAt: request.expiresAt,
    revokedAt: null,
  };
  await store.createToken(token, hashTokenSecret(secret), actor);
  return { token, secret };
}
