import { ForbiddenError } from '../../model/errors.js';
import { parseNodeId } from '../../model/node-id.js';
import type { AccessToken, TokenRole } from '../../store/store.js';

/** Scope that lets a token see personal data (prediction feature values, assertion samples, raw payloads). */
export const PII_READ_SCOPE = 'pii:read';
/** Scope that lets a non-admin token read the audit trail. */
export const AUDIT_READ_SCOPE = 'audit:read';
export const KNOWN_SCOPES = [PII_READ_SCOPE, AUDIT_READ_SCOPE] as const;

/**
 * What the current request may do: who it is (the token id, recorded as the actor of what it
 * writes), its role, the namespaces it may see (null for all) and whether it may read PII.
 */
export interface Access {
  actor: string | null;
  /** null: nothing at all (no token on a server that requires one). */
  role: TokenRole | null;
  namespaces: ReadonlySet<string> | null;
  piiRead: boolean;
  auditRead: boolean;
}

/** The open loopback server: no token, everything allowed, nothing attributed. */
export const OPEN_ACCESS: Access = { actor: null, role: 'admin', namespaces: null, piiRead: true, auditRead: true };

/** No token where one is required: every store call is refused. */
export const NO_ACCESS: Access = { actor: null, role: null, namespaces: new Set(), piiRead: false, auditRead: false };

const RANK: Record<TokenRole, number> = { viewer: 1, editor: 2, admin: 3 };

/** The access a stored token grants. */
export function accessOfToken(token: AccessToken): Access {
  return {
    actor: token.id,
    role: token.role,
    namespaces: token.namespaces === null ? null : new Set(token.namespaces),
    piiRead: token.scopes.includes(PII_READ_SCOPE),
    auditRead: token.role === 'admin' || token.scopes.includes(AUDIT_READ_SCOPE),
  };
}

const ACTION: Record<TokenRole, string> = {
  viewer: 'read',
  editor: 'ingest or annotate',
  admin: 'manage tokens and retention',
};

/** Throws {@link ForbiddenError} unless the access has at least `role`. */
export function requireRole(access: Access, role: TokenRole): void {
  if (access.role !== null && RANK[access.role] >= RANK[role]) return;
  const who = access.actor ? `token ${access.actor} (${access.role ?? 'no role'})` : 'this request';
  throw new ForbiddenError(`${who} may not ${ACTION[role]}: that needs the ${role} role`);
}

/** The namespace a node id names, or null for kinds without one (runs). */
export function namespaceOfId(id: string): string | null {
  try {
    const ref = parseNodeId(id);
    return 'namespace' in ref ? ref.namespace : null;
  } catch {
    // Not a node id at all: treat it as naming no namespace, so a scoped token does not match it.
    return null;
  }
}

/** Whether the access may see a namespace. */
export function seesNamespace(access: Access, namespace: string | null): boolean {
  if (access.namespaces === null) return true;
  return namespace !== null && access.namespaces.has(namespace);
}

/** Whether the access may see what a node id names (ids without a namespace: only unscoped access). */
export function seesId(access: Access, id: string): boolean {
  return seesNamespace(access, namespaceOfId(id));
}
