import type { DatasetVersion, GraphEdge } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store, Subgraph } from '../store/store.js';
import { findNodeOrSuggest } from './find-node.js';
import { diffSchemas, isBreakingDiff } from './schema-diff.js';
import { findShortestPaths } from './shortest-paths.js';

export type CauseKind =
  | 'incident'
  | 'failed_run'
  | 'failed_assertion'
  | 'schema_change'
  | 'lineage_change'
  | 'stale_input';

export interface CauseEvidence {
  at: string;
  runId?: string;
  eventSeq?: number;
  version?: string;
  detail: string;
}

export interface CauseCandidate {
  kind: CauseKind;
  /** The upstream node the cause sits on (a dataset, a column or a job). */
  node: string;
  distance: number;
  /** From the cause to the node asked about. */
  path: string[];
  at: string;
  score: number;
  summary: string;
  evidence: CauseEvidence[];
}

export interface RootCauseReport {
  node: string;
  since: string;
  until: string;
  candidates: CauseCandidate[];
  upstreamNodes: number;
  partial: boolean;
}

/**
 * The ranking rule. Each candidate scores
 *
 *   weight(kind) x 0.85^(distance - 1) x (0.5 + 0.5 x recency)
 *
 * where recency is 1 for a cause at the end of the window and 0 at its start. Incidents that
 * people opened on the node or upstream of it and that are still open at the end of the window
 * weigh most and count as current (recency 1): someone already found a problem there. They rank
 * first, before every other candidate. Then failed runs (a run that did not produce its output
 * explains everything below it), failed assertions, schema changes, lineage changes and stale
 * inputs. Closer and more recent causes rank higher; ties break on time (newest first), then node id.
 */
export const CAUSE_WEIGHTS: Record<CauseKind, number> = {
  incident: 1.2,
  failed_run: 1.0,
  failed_assertion: 0.9,
  schema_change: 0.8,
  lineage_change: 0.6,
  stale_input: 0.5,
};

export function scoreCause(kind: CauseKind, distance: number, at: string, since: string, until: string): number {
  const span = Math.max(1, Date.parse(until) - Date.parse(since));
  const recency = Math.min(1, Math.max(0, (Date.parse(at) - Date.parse(since)) / span));
  const score = CAUSE_WEIGHTS[kind] * 0.85 ** Math.max(0, distance - 1) * (0.5 + 0.5 * recency);
  return Math.round(score * 1000) / 1000;
}

export interface RootCauseOptions {
  node: string;
  since: string;
  until?: string;
  depth?: number;
  maxNodes?: number;
  limit?: number;
}

/**
 * Walks upstream of a dataset, column, model version or deployment and ranks the candidate causes
 * found in the window: failed or aborted runs, failed assertions, breaking schema changes, lineage
 * changes and stale inputs, each with its evidence, distance and path.
 */
export async function findRootCauses(store: Store, options: RootCauseOptions): Promise<RootCauseReport> {
  const until = options.until ?? new Date().toISOString();
  const root = await findNodeOrSuggest(store, options.node, until);
  const base = { depth: options.depth ?? 20, maxNodes: options.maxNodes ?? 5_000, asOf: until };
  const fields = root.kind === 'dataset' ? await store.listFields(root.id, { asOf: until }) : [];
  const columnStarts = [root.id, ...fields.map((field) => field.id)];
  const [columns, datasets] = await Promise.all([
    store.traverse({ ...base, start: columnStarts, direction: 'upstream', level: 'column' }),
    store.traverse({ ...base, start: [root.id], direction: 'upstream', level: 'dataset' }),
  ]);
  const upstream = collectUpstream(columnStarts, columns, datasets);
  const candidates: CauseCandidate[] = [];
  const window = { since: options.since, until };
  for (const [id, place] of upstream) {
    const ref = parseNodeId(id);
    if (ref.kind === 'job') candidates.push(...(await runCauses(store, id, place, window)));
    if (ref.kind === 'job') candidates.push(...(await lineageCauses(store, id, place, window)));
    if (ref.kind === 'dataset') {
      const versions = (await store.listDatasetVersions(id, { limit: 200 })).items.filter(
        (v) => v.createdAt <= window.until,
      );
      candidates.push(...(await assertionCauses(store, id, place, window)));
      candidates.push(...schemaCauses(versions, id, place, window));
      candidates.push(...staleCauses(versions, id, place, window));
    }
  }
  candidates.push(...(await incidentCauses(store, root.id, upstream, window)));
  candidates.sort(
    (a, b) =>
      Number(b.kind === 'incident') - Number(a.kind === 'incident') ||
      b.score - a.score ||
      b.at.localeCompare(a.at) ||
      a.node.localeCompare(b.node),
  );
  return {
    node: root.id,
    since: options.since,
    until,
    candidates: candidates.slice(0, options.limit ?? 50),
    upstreamNodes: upstream.size,
    partial: columns.partial || datasets.partial,
  };
}

interface Place {
  distance: number;
  path: string[];
}

type Window = { since: string; until: string };

/** Upstream datasets and jobs with their distance and path to the root; columns count as their dataset. */
function collectUpstream(roots: string[], ...walks: Subgraph[]): Map<string, Place> {
  const rootId = roots[0] as string;
  const isRoot = new Set(roots);
  const places = new Map<string, Place>();
  // Paths are built root first and reversed at the end: people read a cause's path from the cause down.
  const put = (id: string, rootFirst: string[]) => {
    const distance = rootFirst.length - 1;
    const existing = places.get(id);
    if (!existing || existing.distance > distance) places.set(id, { distance, path: rootFirst });
  };
  for (const walk of walks) {
    const paths = findShortestPaths(roots, walk.edges, 'upstream');
    for (const { node } of walk.nodes) {
      if (isRoot.has(node.id)) continue;
      const path = paths.pathTo(node.id) ?? [rootId, node.id];
      const ref = parseNodeId(node.id);
      if (ref.kind === 'datasetField')
        put(`dataset:${ref.namespace}:${ref.name}`, [...path, `dataset:${ref.namespace}:${ref.name}`]);
      else if (ref.kind === 'dataset' || ref.kind === 'job') put(node.id, path);
    }
    for (const edge of walk.edges) {
      if (edge.kind !== 'DERIVES' || !edge.via) continue;
      const path = paths.pathTo(edge.target);
      if (path) put(edge.via, [...path, edge.via]);
    }
  }
  for (const place of places.values()) place.path = [...place.path].reverse();
  return places;
}

/** Incidents open at the end of the window on the node itself (distance 0) or upstream of it. */
async function incidentCauses(
  store: Store,
  rootId: string,
  upstream: Map<string, Place>,
  window: Window,
): Promise<CauseCandidate[]> {
  const incidents = await store.active.listIncidents({ limit: 1000 });
  const out: CauseCandidate[] = [];
  for (const incident of incidents.items) {
    if (incident.openedAt > window.until || (incident.resolvedAt !== null && incident.resolvedAt <= window.until))
      continue;
    const ref = parseNodeId(incident.nodeId);
    const owner = ref.kind === 'datasetField' ? `dataset:${ref.namespace}:${ref.name}` : incident.nodeId;
    const place =
      incident.nodeId === rootId || owner === rootId ? { distance: 0, path: [rootId] } : upstream.get(owner);
    if (!place) continue;
    const detail = `${incident.severity} incident '${incident.title}' opened ${incident.openedAt}`;
    const found = candidate('incident', incident.nodeId, place, window.until, window, detail, [
      { at: incident.openedAt, detail: `incident ${incident.id}: ${incident.title}` },
    ]);
    out.push({ ...found, at: incident.openedAt });
  }
  return out;
}

async function runCauses(store: Store, jobId: string, place: Place, window: Window): Promise<CauseCandidate[]> {
  const runs = await store.listRuns({ jobId, since: window.since, limit: 200 });
  const out: CauseCandidate[] = [];
  for (const run of runs.items) {
    if (run.state !== 'FAILED' && run.state !== 'ABORTED') continue;
    const at = run.endedAt ?? run.createdAt;
    if (at > window.until) continue;
    const state = run.state.toLowerCase();
    const detail = run.errorMessage ? `${state}: ${run.errorMessage}` : state;
    out.push(
      candidate('failed_run', jobId, place, at, window, `run ${run.runId} of ${jobId} ${detail}`, [
        { at, runId: run.runId, detail },
      ]),
    );
  }
  return out;
}

async function assertionCauses(
  store: Store,
  datasetId: string,
  place: Place,
  window: Window,
): Promise<CauseCandidate[]> {
  const results = await store.listAssertionResults({
    nodeId: datasetId,
    status: 'fail',
    since: window.since,
    limit: 50,
  });
  const byAssertion = new Map<string, CauseCandidate>();
  for (const result of results.items) {
    if (result.at > window.until) continue;
    const key = `${result.nodeId}|${result.assertion}`;
    const evidence: CauseEvidence = {
      at: result.at,
      detail: `${result.assertion} failed on ${result.nodeId}`,
      ...(result.runId ? { runId: result.runId } : {}),
      ...(result.eventSeq !== null ? { eventSeq: result.eventSeq } : {}),
    };
    const existing = byAssertion.get(key);
    if (existing) {
      existing.evidence.push(evidence);
      continue;
    }
    byAssertion.set(
      key,
      candidate(
        'failed_assertion',
        result.nodeId,
        place,
        result.at,
        window,
        `assertion ${result.assertion} failed on ${result.nodeId}`,
        [evidence],
      ),
    );
  }
  return [...byAssertion.values()];
}

function schemaCauses(
  versions: readonly DatasetVersion[],
  datasetId: string,
  place: Place,
  window: Window,
): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (let i = 0; i < versions.length - 1; i++) {
    const current = versions[i];
    const previous = versions[i + 1];
    if (!current || !previous || current.createdAt <= window.since || current.createdAt > window.until) continue;
    const diff = diffSchemas(previous.fields, current.fields);
    if (!isBreakingDiff(diff)) continue;
    const parts = [
      ...diff.dropped.map((f) => `dropped ${f.name}`),
      ...diff.renamed.map((f) => `renamed ${f.from} to ${f.to}`),
      ...diff.retyped.map((f) => `retyped ${f.name} ${f.from} -> ${f.to}`),
    ];
    const detail = parts.join(', ');
    out.push(
      candidate(
        'schema_change',
        datasetId,
        place,
        current.createdAt,
        window,
        `schema of ${datasetId} changed: ${detail}`,
        [
          {
            at: current.createdAt,
            version: current.version,
            detail,
            ...(current.runId ? { runId: current.runId } : {}),
          },
        ],
      ),
    );
  }
  return out;
}

function staleCauses(
  versions: readonly DatasetVersion[],
  datasetId: string,
  place: Place,
  window: Window,
): CauseCandidate[] {
  const interval = usualInterval(versions.slice(0, 30).map((version) => version.createdAt));
  const latest = versions[0];
  if (interval === null || !latest) return [];
  const silence = Date.parse(window.until) - Date.parse(latest.createdAt);
  if (silence <= 3 * interval) return [];
  const staleSince = new Date(Date.parse(latest.createdAt) + 3 * interval).toISOString();
  if (staleSince > window.until) return [];
  const at = [window.since, staleSince].sort()[1] ?? staleSince;
  const detail = `no new version since ${latest.createdAt} (usually every ${humanDuration(interval)})`;
  return [
    candidate('stale_input', datasetId, place, at, window, `${datasetId} is stale: ${detail}`, [
      { at: latest.createdAt, version: latest.version, detail },
    ]),
  ];
}

/** The job's INPUT and OUTPUT edges that opened or closed in the window. */
async function lineageCauses(store: Store, jobId: string, place: Place, window: Window): Promise<CauseCandidate[]> {
  const edges = await store.listEdges({
    nodeId: jobId,
    direction: 'both',
    kinds: ['INPUT', 'OUTPUT'],
    includeClosed: true,
  });
  const out: CauseCandidate[] = [];
  for (const edge of edges) {
    const { at, verb } = lineageChangeTime(edge, window);
    if (!at) continue;
    const dataset = edge.kind === 'INPUT' ? edge.source : edge.target;
    const detail = `${jobId} ${verb} ${edge.kind === 'INPUT' ? 'reading' : 'writing'} ${dataset}`;
    out.push(candidate('lineage_change', jobId, place, at, window, detail, [{ at, detail }]));
  }
  return out;
}

function lineageChangeTime(edge: GraphEdge, window: Window): { at: string | null; verb: string } {
  if (edge.validTo && edge.validTo > window.since && edge.validTo <= window.until)
    return { at: edge.validTo, verb: 'stopped' };
  if (edge.validFrom > window.since && edge.validFrom <= window.until) return { at: edge.validFrom, verb: 'started' };
  return { at: null, verb: '' };
}

function candidate(
  kind: CauseKind,
  node: string,
  place: Place,
  at: string,
  window: Window,
  summary: string,
  evidence: CauseEvidence[],
): CauseCandidate {
  return {
    kind,
    node,
    distance: place.distance,
    path: place.path,
    at,
    score: scoreCause(kind, place.distance, at, window.since, window.until),
    summary,
    evidence,
  };
}

/** The median gap between consecutive versions, or null with fewer than three versions. */
export function usualInterval(times: readonly string[]): number | null {
  if (times.length < 3) return null;
  const sorted = times.map((time) => Date.parse(time)).sort((a, b) => a - b);
  const gaps = sorted
    .slice(1)
    .map((time, i) => time - (sorted[i] as number))
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? null;
}

function humanDuration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48
    ? `${Math.round(hours / 24)}d`
    : hours >= 1
      ? `${Math.round(hours)}h`
      : `${Math.round(ms / 60_000)}m`;
}
