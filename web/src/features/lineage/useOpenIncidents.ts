import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { getJson } from '../../api/http.js';
import { onLiveEvent } from '../../app/useLiveEvents.js';

const incidentsSchema = z.object({
  incidents: z.array(z.object({ id: z.string(), nodeId: z.string(), title: z.string(), severity: z.string() })),
});

/** Open incident titles by node id (an incident on a column also counts for its dataset). */
export type OpenIncidents = ReadonlyMap<string, readonly string[]>;

let snapshot: OpenIncidents = new Map();
const subscribers = new Set<() => void>();
let stopLive: (() => void) | null = null;

function datasetOfField(id: string): string | null {
  const match = /^datasetField:(.*):[^:]+$/.exec(id);
  return match ? `dataset:${match[1]}` : null;
}

async function refresh(): Promise<void> {
  // Badges are decoration: a failed load keeps the badges already shown rather than blanking the graph.
  const body = await getJson('/api/v2/incidents', { status: 'open', limit: 1000 }, incidentsSchema).catch(() => null);
  if (!body) return;
  const next = new Map<string, string[]>();
  for (const incident of body.incidents) {
    const label = `${incident.severity}: ${incident.title}`;
    for (const id of [incident.nodeId, datasetOfField(incident.nodeId)]) {
      if (id) next.set(id, [...(next.get(id) ?? []), label]);
    }
  }
  snapshot = next;
  for (const notify of [...subscribers]) notify();
}

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  if (subscribers.size === 1) {
    void refresh();
    stopLive = onLiveEvent(['incident'], () => void refresh());
  }
  return () => {
    subscribers.delete(notify);
    if (subscribers.size === 0) {
      stopLive?.();
      stopLive = null;
    }
  };
}

/** The open incidents of the whole graph, loaded once for every card and refreshed on incident events. */
export function useOpenIncidents(): OpenIncidents {
  return useSyncExternalStore(subscribe, () => snapshot);
}
