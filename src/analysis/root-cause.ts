import { NotFoundError } from '../model/errors.js';
import type { GraphEdge } from '../model/graph.js';
import { datasetOfId } from '../model/node-id.js';
import { STALE_AFTER_INTERVALS } from '../model/time.js';
import type { Store, UpstreamActivity, UpstreamPlace, VersionDetails } from '../store/store.js';
import { findNodeOrSuggest } from './find-node.js';
import { diffSchemas, isBreakingDiff } from './schema-diff.js';

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

/** How many of each upstream dataset's newest versions schema changes are looked for in. */
const VERSIONS_PER_DATASET = 60;

/**
 * Walks upstream of a dataset, column, model version or deployment and ranks the candidate causes
 * found in the window: failed or aborted runs, failed assertions, breaking schema changes, lineage
 * changes and stale inputs, each with its evidence, distance and path. The walks and the evidence
 * come from one {@link Store.traceUpstreamActivity} call.
 */
export async function findRootCauses(store: Store, options: RootCauseOptions): Promise<RootCauseReport> {
  const until = options.until ?? new Date().toISOString();
  const window: Window = {
    since: options.since,
    until,
    sinceMs: Date.parse(options.since),
    untilMs: Date.parse(until),
  };
  const upstream = await store
    .traceUpstreamActivity({
      node: options.node,
      steps: options.depth ?? 20,
      since: options.since,
      until,
      maxNodes: options.maxNodes ?? 5_000,
      versionsPerDataset: VERSIONS_PER_DATASET,
      staleAfterIntervals: STALE_AFTER_INTERVALS,
    })
    .catch(async (error: unknown) => {
      // An unknown id: the 404 names the closest ids instead.
      if (error instanceof NotFoundError) await findNodeOrSuggest(store, options.node, until);
      throw error;
    });
  const candidates: CauseCandidate[] = [
    ...runCauses(upstream, window),
    ...lineageCauses(upstream, window),
    ...assertionCauses(upstream, window),
    ...schemaCauses(upstream, window),
    ...staleCauses(upstream, window),
    ...incidentCauses(upstream, window),
  ];
  candidates.sort(
    (a, b) =>
      Number(b.kind === 'incident') - Number(a.kind === 'incident') ||
      b.score - a.score ||
      b.at.localeCompare(a.at) ||
      a.node.localeCompare(b.node),
  );
  const ranked = candidates.slice(0, options.limit ?? 50);
  await citeLatestVersions(store, ranked, until);
  return {
    node: upstream.node,
    since: options.since,
    until,
    candidates: ranked,
    upstreamNodes: upstream.upstream.length,
    partial: upstream.partial,
  };
}

/** The window as given and in epoch ms. */
type Window = { since: string; until: string; sinceMs: number; untilMs: number };

/** The incidents open at the end of the window that sit on the node itself (distance 0) or upstream of it. */
function incidentCauses({ openIncidents }: UpstreamActivity, window: Window): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const { incident, ...place } of openIncidents) {
    const detail = `${incident.severity} incident '${incident.title}' opened ${incident.openedAt}`;
    const found = candidate('incident', incident.nodeId, place, window.until, window, detail, [
      { at: incident.openedAt, detail: `incident ${incident.id}: ${incident.title}` },
    ]);
    out.push({ ...found, at: incident.openedAt });
  }
  return out;
}

function runCauses({ failedRuns, placeOf }: UpstreamActivity, window: Window): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const { run, eventSeq } of failedRuns) {
    const place = placeOf(run.jobId);
    const at = run.endedAt ?? run.createdAt;
    if (!place || at > window.until) continue;
    const state = run.state.toLowerCase();
    const detail = run.errorMessage ? `${state}: ${run.errorMessage}` : state;
    const evidence: CauseEvidence = { at, runId: run.runId, detail, ...(eventSeq !== null ? { eventSeq } : {}) };
    out.push(
      candidate('failed_run', run.jobId, place, at, window, `run ${run.runId} of ${run.jobId} ${detail}`, [evidence]),
    );
  }
  return out;
}

/** One candidate per failing assertion on a node, with every failure in the window as evidence. */
function assertionCauses({ failedAssertions, placeOf }: UpstreamActivity, window: Window): CauseCandidate[] {
  const byAssertion = new Map<string, CauseCandidate>();
  for (const result of failedAssertions) {
    const evidence: CauseEvidence = {
      at: result.at,
      detail: `${result.assertion} failed on ${result.nodeId}`,
      ...(result.runId ? { runId: result.runId } : {}),
      ...(result.eventSeq !== null ? { eventSeq: result.eventSeq } : {}),
    };
    const key = `${result.nodeId}|${result.assertion}`;
    const existing = byAssertion.get(key);
    if (existing) {
      existing.evidence.push(evidence);
      continue;
    }
    const place = placeOf(datasetOfId(result.nodeId));
    if (!place) continue;
    const summary = `assertion ${result.assertion} failed on ${result.nodeId}`;
    byAssertion.set(key, candidate('failed_assertion', result.nodeId, place, result.at, window, summary, [evidence]));
  }
  return [...byAssertion.values()];
}

/** Breaking schema changes (a column dropped, renamed or retyped) of upstream datasets. */
function schemaCauses({ schemaChanges, placeOf }: UpstreamActivity, window: Window): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const change of schemaChanges) {
    const place = placeOf(change.datasetId);
    const diff = diffSchemas(change.before, change.after);
    if (!place || !isBreakingDiff(diff)) continue;
    const parts = [
      ...diff.dropped.map((f) => `dropped ${f.name}`),
      ...diff.renamed.map((f) => `renamed ${f.from} to ${f.to}`),
      ...diff.retyped.map((f) => `retyped ${f.name} ${f.from} -> ${f.to}`),
    ];
    const detail = parts.join(', ');
    const at = new Date(change.createdMs).toISOString();
    const summary = `schema of ${change.datasetId} changed: ${detail}`;
    out.push(
      candidate('schema_change', change.datasetId, place, at, window, summary, [
        { at, detail, ...versionEvidence(change.details) },
      ]),
    );
  }
  return out;
}

/**
 * Stale inputs cite their dataset's newest version, read only for the stale inputs that made the
 * list: reading it for every upstream dataset cost more than finding the causes.
 */
async function citeLatestVersions(store: Store, ranked: readonly CauseCandidate[], until: string): Promise<void> {
  const stale = ranked.filter((cause) => cause.kind === 'stale_input');
  if (stale.length === 0) return;
  const latest = await store.readVersionDetails(
    stale.map((cause) => cause.node),
    until,
  );
  for (const cause of stale) Object.assign(cause.evidence[0] ?? {}, versionEvidence(latest.get(cause.node) ?? null));
}

/** The version, run and event-log record of a version, as far as they were read. */
function versionEvidence(details: VersionDetails | null): Pick<CauseEvidence, 'version' | 'runId' | 'eventSeq'> {
  if (!details) return {};
  return {
    version: details.version,
    ...(details.runId ? { runId: details.runId } : {}),
    ...(details.eventSeq !== null ? { eventSeq: details.eventSeq } : {}),
  };
}

function staleCauses({ staleInputs, placeOf }: UpstreamActivity, window: Window): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const { datasetId, latestMs, intervalMs } of staleInputs) {
    const place = placeOf(datasetId);
    if (!place) continue;
    const staleSince = new Date(latestMs + STALE_AFTER_INTERVALS * intervalMs).toISOString();
    const latestAt = new Date(latestMs).toISOString();
    const at = staleSince > window.since ? staleSince : window.since;
    const detail = `no new version since ${latestAt} (usually every ${humanDuration(intervalMs)})`;
    out.push(
      candidate('stale_input', datasetId, place, at, window, `${datasetId} is stale: ${detail}`, [
        { at: latestAt, detail },
      ]),
    );
  }
  return out;
}

/** INPUT and OUTPUT edges of upstream jobs that opened or closed in the window. */
function lineageCauses({ lineageChanges, placeOf }: UpstreamActivity, window: Window): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const { edge, eventSeq } of lineageChanges) {
    const jobId = edge.kind === 'INPUT' ? edge.target : edge.source;
    const { at, verb } = lineageChangeTime(edge, window);
    const place = at ? placeOf(jobId) : null;
    if (!place || !at) continue;
    const dataset = edge.kind === 'INPUT' ? edge.source : edge.target;
    const detail = `${jobId} ${verb} ${edge.kind === 'INPUT' ? 'reading' : 'writing'} ${dataset}`;
    const evidence: CauseEvidence = { at, detail, ...(eventSeq !== null ? { eventSeq } : {}) };
    out.push(candidate('lineage_change', jobId, place, at, window, detail, [evidence]));
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
  place: UpstreamPlace,
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

function humanDuration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48
    ? `${Math.round(hours / 24)}d`
    : hours >= 1
      ? `${Math.round(hours)}h`
      : `${Math.round(ms / 60_000)}m`;
}
