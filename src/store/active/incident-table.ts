import { canonicalJson } from '../../model/canonical-json.js';
import type { Incident, IncidentChange, IncidentInput, IncidentNote, IncidentQuery } from '../active-store.js';
import { INCIDENT_SEVERITIES } from '../active-store.js';
import { appendEvent } from '../event-log.js';
import { chunk, placeholders, type SqlDriver, type SqlExecutor, type SqlValue } from '../sql-driver.js';
import type { Page } from '../store.js';

interface IncidentRow {
  id: string;
  node_id: string;
  title: string;
  severity: string;
  status: string;
  opened_at: string;
  opened_by: string | null;
  updated_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  notes: string;
}

const COLUMNS =
  'id, node_id, title, severity, status, opened_at, opened_by, updated_at, resolved_at, resolved_by, notes';

/**
 * Every write of an incident takes the next `row_seq`: writers hold the write lock, so the numbers
 * grow in commit order and the incident index reads only the rows past the last one it saw.
 */
const NEXT_ROW_SEQ = '(SELECT COALESCE(MAX(row_seq), 0) + 1 FROM incidents)';

function toIncident(row: IncidentRow): Incident {
  const severity = INCIDENT_SEVERITIES.find((value) => value === row.severity) ?? 'medium';
  const notes: unknown = JSON.parse(row.notes);
  return {
    id: row.id,
    nodeId: row.node_id,
    title: row.title,
    severity,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    notes: Array.isArray(notes) ? notes.filter(isNote) : [],
  };
}

function isNote(value: unknown): value is IncidentNote {
  return typeof value === 'object' && value !== null && 'at' in value && 'message' in value;
}

async function logAdmin(tx: SqlExecutor, actor: string | null, at: string, payload: Record<string, unknown>) {
  await appendEvent(tx, { source: 'admin', actor, payload, eventTime: at }, canonicalJson(payload));
}

/** Inserts an incident and its `incident.open` record in one write transaction. */
export function insertIncident(driver: SqlDriver, input: IncidentInput, actor: string | null): Promise<Incident> {
  const notes: IncidentNote[] = input.note ? [{ at: input.at, actor, message: input.note }] : [];
  const incident: Incident = {
    id: input.id,
    nodeId: input.nodeId,
    title: input.title,
    severity: input.severity,
    status: 'open',
    openedAt: input.at,
    openedBy: actor,
    updatedAt: input.at,
    resolvedAt: null,
    resolvedBy: null,
    notes,
  };
  return driver.writeTransaction(async (tx) => {
    await logAdmin(tx, actor, input.at, { action: 'incident.open', incident });
    await writeIncident(tx, incident);
    return incident;
  });
}

/** Inserts an incident row as it is (the `incident.open` record is the caller's). */
export async function writeIncident(tx: SqlExecutor, incident: Incident): Promise<void> {
  await tx.run(
    `INSERT INTO incidents (${COLUMNS}, row_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${NEXT_ROW_SEQ})`,
    [
      incident.id,
      incident.nodeId,
      incident.title,
      incident.severity,
      incident.status,
      incident.openedAt,
      incident.openedBy,
      incident.updatedAt,
      incident.resolvedAt,
      incident.resolvedBy,
      JSON.stringify(incident.notes),
    ],
  );
}

/** Applies a change (note, title, severity, resolution) and records it; null when the id is unknown. */
export function changeIncident(
  driver: SqlDriver,
  id: string,
  change: IncidentChange,
  actor: string | null,
): Promise<Incident | null> {
  return driver.writeTransaction(async (tx) => {
    const changed = await rewriteIncident(tx, id, change, actor);
    if (!changed) return null;
    const action = changed.resolved ? 'incident.resolve' : 'incident.update';
    await logAdmin(tx, actor, change.at, { action, id, at: change.at, change });
    return changed.incident;
  });
}

/**
 * Applies a change to a stored incident (a note, title, severity, resolution) without recording
 * it: the caller logs it, or is replaying the record that did. `resolved` says whether this change
 * resolved it. Null when the id is unknown.
 */
export async function rewriteIncident(
  tx: SqlExecutor,
  id: string,
  change: IncidentChange,
  actor: string | null,
): Promise<{ incident: Incident; resolved: boolean } | null> {
  const row = await tx.get<IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`, [id]);
  if (!row) return null;
  const before = toIncident(row);
  const resolving = change.resolve === true && before.status === 'open';
  const next: Incident = {
    ...before,
    title: change.title ?? before.title,
    severity: change.severity ?? before.severity,
    updatedAt: change.at,
    status: resolving ? 'resolved' : before.status,
    resolvedAt: resolving ? change.at : before.resolvedAt,
    resolvedBy: resolving ? actor : before.resolvedBy,
    notes: change.note ? [...before.notes, { at: change.at, actor, message: change.note }] : before.notes,
  };
  await tx.run(
    `UPDATE incidents SET title = ?, severity = ?, status = ?, updated_at = ?, resolved_at = ?, resolved_by = ?,
      notes = ?, row_seq = ${NEXT_ROW_SEQ} WHERE id = ?`,
    [
      next.title,
      next.severity,
      next.status,
      next.updatedAt,
      next.resolvedAt,
      next.resolvedBy,
      JSON.stringify(next.notes),
      id,
    ],
  );
  return { incident: next, resolved: resolving };
}

export async function readIncident(db: SqlExecutor, id: string): Promise<Incident | null> {
  const row = await db.get<IncidentRow>(`SELECT ${COLUMNS} FROM incidents WHERE id = ?`, [id]);
  return row ? toIncident(row) : null;
}

/** Incidents newest first, optionally only on some nodes and in one status. */
export async function readIncidents(db: SqlExecutor, query: IncidentQuery): Promise<Page<Incident>> {
  const limit = Math.max(1, Math.min(query.limit ?? 100, 1000));
  const offset = Math.max(0, query.offset ?? 0);
  const filters: string[] = [];
  const params: SqlValue[] = [];
  if (query.status) {
    filters.push('status = ?');
    params.push(query.status);
  }
  if (query.openAt) {
    filters.push('opened_at <= ? AND (resolved_at IS NULL OR resolved_at > ?)');
    params.push(query.openAt, query.openAt);
  }
  if (query.nodeIds) {
    const rows: IncidentRow[] = [];
    const also = filters.map((filter) => ` AND ${filter}`).join('');
    for (const part of chunk([...new Set(query.nodeIds)])) {
      rows.push(
        ...(await db.all<IncidentRow>(
          `SELECT ${COLUMNS} FROM incidents WHERE node_id IN (${placeholders(part.length)})${also}`,
          [...part, ...params],
        )),
      );
    }
    const unique = [...new Map(rows.map((row) => [row.id, row])).values()].sort(newestFirst);
    return { items: unique.slice(offset, offset + limit).map(toIncident), total: unique.length };
  }
  const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
  const rows = await db.all<IncidentRow>(
    `SELECT ${COLUMNS} FROM incidents ${where} ORDER BY opened_at DESC, id LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  // A page that is not full ends the list: its total is known without counting (unless it is past the end).
  if (rows.length < limit && (rows.length > 0 || offset === 0))
    return { items: rows.map(toIncident), total: offset + rows.length };
  const count = await db.get<{ n: number | string }>(`SELECT COUNT(*) AS n FROM incidents ${where}`, params);
  return { items: rows.map(toIncident), total: Number(count?.n ?? 0) };
}

function newestFirst(a: IncidentRow, b: IncidentRow): number {
  return b.opened_at.localeCompare(a.opened_at) || a.id.localeCompare(b.id);
}

/** An incident with the order it was last written in (`row_seq`; 0 for rows written before migration 16). */
export interface WrittenIncident {
  incident: Incident;
  rowSeq: number;
}

/** Every incident (`after` null), or those written after `after`, in write order: the incident index's feed. */
export async function readIncidentFeed(db: SqlExecutor, after: number | null): Promise<WrittenIncident[]> {
  const rows =
    after === null
      ? await db.all<IncidentRow & { row_seq: number | string | null }>(`SELECT ${COLUMNS}, row_seq FROM incidents`)
      : await db.all<IncidentRow & { row_seq: number | string | null }>(
          `SELECT ${COLUMNS}, row_seq FROM incidents WHERE row_seq > ? ORDER BY row_seq`,
          [after],
        );
  return rows.map((row) => ({ incident: toIncident(row), rowSeq: Number(row.row_seq ?? 0) }));
}

/** Incidents by id; unknown ids are left out. */
export async function readIncidentsById(db: SqlExecutor, ids: readonly string[]): Promise<Incident[]> {
  const out: Incident[] = [];
  for (const part of chunk([...new Set(ids)])) {
    const rows = await db.all<IncidentRow>(
      `SELECT ${COLUMNS} FROM incidents WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    out.push(...rows.map(toIncident));
  }
  return out;
}
