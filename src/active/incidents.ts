import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findNodeOrSuggest } from '../analysis/find-node.js';
import { NotFoundError } from '../model/errors.js';
import { INCIDENT_SEVERITIES, type Incident } from '../store/active-store.js';
import type { Store, UpstreamIncident } from '../store/store.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const openIncidentSchema = z.strictObject({
  node: text(4096),
  title: text(200),
  severity: z.enum(INCIDENT_SEVERITIES).default('medium'),
  note: text(4000).optional(),
});

export const updateIncidentSchema = z
  .strictObject({
    note: text(4000).optional(),
    title: text(200).optional(),
    severity: z.enum(INCIDENT_SEVERITIES).optional(),
  })
  .refine((value) => value.note !== undefined || value.title !== undefined || value.severity !== undefined, {
    message: 'give at least one of note, title, severity',
  });

export type OpenIncidentInput = z.infer<typeof openIncidentSchema>;
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>;

/** Opens an incident on an existing node (any kind); the event log records it. */
export async function openIncident(store: Store, input: OpenIncidentInput, actor: string | null): Promise<Incident> {
  const node = await findNodeOrSuggest(store, input.node);
  return store.active.openIncident(
    {
      id: randomUUID(),
      nodeId: node.id,
      title: input.title,
      severity: input.severity,
      at: new Date().toISOString(),
      note: input.note ?? null,
    },
    actor,
  );
}

/** Adds a note or changes title or severity; with `resolve`, closes the incident (a resolved one stays resolved). */
export async function updateIncident(
  store: Store,
  id: string,
  change: UpdateIncidentInput & { resolve?: boolean },
  actor: string | null,
): Promise<Incident> {
  const updated = await store.active.updateIncident(id, { ...change, at: new Date().toISOString() }, actor);
  if (!updated) throw new NotFoundError(`incident '${id}' not found`);
  return updated;
}

export async function requireIncident(store: Store, id: string): Promise<Incident> {
  const incident = await store.active.getIncident(id);
  if (!incident) throw new NotFoundError(`incident '${id}' not found`);
  return incident;
}

const OPEN_INCIDENTS_PAGE = 1000;

/**
 * Incidents open at `asOf` (now when omitted) on a node or a field of it, or on a dataset, column
 * or job within `depth` pipeline steps upstream (a column counting as its dataset), placed as root
 * cause places them. Nearest first.
 */
export async function findUpstreamIncidents(
  store: Store,
  nodeId: string,
  options: { asOf?: string; depth?: number } = {},
): Promise<UpstreamIncident[]> {
  const asOf = options.asOf ?? new Date().toISOString();
  // Most of the time no incident is open anywhere: one query answers every node read then (a page
  // that is not full is not counted).
  const open = await store.active.listIncidents({ openAt: asOf, limit: OPEN_INCIDENTS_PAGE });
  if (open.items.length === 0) return [];
  const upstream = await store.traceUpstreamActivity({
    node: nodeId,
    steps: options.depth ?? 20,
    // An empty window: only the places and the incidents open at its end are wanted.
    since: asOf,
    until: asOf,
    maxNodes: 5000,
    versionsPerDataset: 1,
    staleAfterIntervals: Number.POSITIVE_INFINITY,
  });
  return [...upstream.openIncidents].sort(
    (a, b) => a.distance - b.distance || b.incident.openedAt.localeCompare(a.incident.openedAt),
  );
}
