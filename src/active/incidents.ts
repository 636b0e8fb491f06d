import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findNodeOrSuggest } from '../analysis/find-node.js';
import { findShortestPaths } from '../analysis/shortest-paths.js';
import { NotFoundError } from '../model/errors.js';
import { datasetOfId, parseNodeId } from '../model/node-id.js';
import { INCIDENT_SEVERITIES, type Incident } from '../store/active-store.js';
import type { Store } from '../store/store.js';

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

export interface UpstreamIncident {
  incident: Incident;
  /** Hops from the incident's node down to the node asked about (0: on the node itself). */
  distance: number;
  /** From the incident's node to the node asked about. */
  path: string[];
}

/** Most open incidents considered at once: open incidents are few, so all of them are matched in memory. */
const OPEN_INCIDENT_LIMIT = 1000;

/**
 * Incidents open at `asOf` (now when omitted) on a node or anywhere upstream of it, at dataset
 * and column level; an incident on a column counts for its dataset too. Nearest first.
 */
export async function findUpstreamIncidents(
  store: Store,
  nodeId: string,
  options: { asOf?: string; depth?: number } = {},
): Promise<UpstreamIncident[]> {
  const asOf = options.asOf ?? new Date().toISOString();
  const candidates = await incidentsOpenAt(store, asOf);
  if (candidates.length === 0) return [];
  const fields = parseNodeId(nodeId).kind === 'dataset' ? await store.listFields(nodeId, { asOf }) : [];
  const starts = [nodeId, ...fields.map((field) => field.id)];
  const walks = await Promise.all(
    (['dataset', 'column'] as const).map((level) =>
      store.traverse({ start: starts, direction: 'upstream', level, depth: options.depth ?? 20, maxNodes: 5000, asOf }),
    ),
  );
  const places = new Map<string, string[]>(starts.map((id) => [id, [id]]));
  for (const walk of walks) {
    const paths = findShortestPaths(starts, walk.edges, 'upstream');
    for (const { node } of walk.nodes) {
      const path = paths.pathTo(node.id);
      const known = places.get(node.id);
      if (path && (!known || known.length > path.length)) places.set(node.id, path);
    }
  }
  const out: UpstreamIncident[] = [];
  for (const incident of candidates) {
    const path = places.get(incident.nodeId) ?? places.get(datasetOfId(incident.nodeId));
    if (path) out.push({ incident, distance: path.length - 1, path: [...path].reverse() });
  }
  return out.sort((a, b) => a.distance - b.distance || b.incident.openedAt.localeCompare(a.incident.openedAt));
}

/** Incidents opened by `asOf` and not resolved by then. */
export async function incidentsOpenAt(store: Store, asOf: string): Promise<Incident[]> {
  return (await store.active.listIncidents({ openAt: asOf, limit: OPEN_INCIDENT_LIMIT })).items;
}
