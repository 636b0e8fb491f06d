import type { AssertionResult, GraphEdge } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import { usualInterval } from '../model/time.js';
import type {
  DatasetVersionStamp,
  FailedRun,
  LineageChange,
  Store,
  TreeNode,
  VersionDetails,
  WalkTree,
} from '../store/store.js';
import { findNodeOrSuggest } from './find-node.js';
import { stepsOf, walkDepthFor } from './pipeline-steps.js';
import { diffSchemas, isBreakingDiff } from './schema-diff.js';
import { treePath } from './tree-paths.js';

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

/** How many of each upstream dataset's newest versions schema and staleness findings read. */
const VERSIONS_PER_DATASET = 60;

/**
 * Walks upstream of a dataset, column, model version or deployment and ranks the candidate causes
 * found in the window: failed or aborted runs, failed assertions, breaking schema changes, lineage
 * changes and stale inputs, each with its evidence, distance and path. The evidence of every
 * upstream node comes from one {@link Store.listUpstreamActivity} call.
 */
export async function findRootCauses(store: Store, options: RootCauseOptions): Promise<RootCauseReport> {
  const until = options.until ?? new Date().toISOString();
  const root = await findNodeOrSuggest(store, options.node, until);
  const depth = options.depth ?? 20;
  const base = { maxNodes: options.maxNodes ?? 5_000, asOf: until, direction: 'upstream' as const };
  const fields = root.kind === 'dataset' ? await store.listFields(root.id, { asOf: until }) : [];
  const columnStarts = [root.id, ...fields.map((field) => field.id)];
  const [columns, datasets] = await Promise.all([
    store.walkTree({ ...base, start: columnStarts, level: 'column', depth: walkDepthFor('column', depth) }),
    store.walkTree({ ...base, start: [root.id], level: 'dataset', depth: walkDepthFor('dataset', depth) }),
  ]);
  const { places: upstream, cut } = collectUpstream(new Set(columnStarts), depth, columns, datasets);
  const window: Window = {
    since: options.since,
    until,
    sinceMs: Date.parse(options.since),
    untilMs: Date.parse(until),
  };
  const ids = (kind: Place['kind']) => [...upstream].filter(([, place]) => place.kind === kind).map(([id]) => id);
  const [activity, incidents] = await Promise.all([
    store.listUpstreamActivity({
      jobIds: ids('job'),
      datasetIds: ids('dataset'),
      since: window.since,
      until,
      versionsPerDataset: VERSIONS_PER_DATASET,
    }),
    incidentCauses(store, root.id, upstream, window),
  ]);
  const candidates: CauseCandidate[] = [
    ...runCauses(activity.failedRuns, upstream, window),
    ...lineageCauses(activity.lineageChanges, upstream, window),
    ...assertionCauses(activity.failedAssertions, upstream, window),
    ...versionCauses(activity.versions, upstream, window),
    ...incidents,
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
    node: root.id,
    since: options.since,
    until,
    candidates: ranked,
    upstreamNodes: upstream.size,
    partial: columns.partial || datasets.partial || cut,
  };
}

interface Place {
  kind: 'dataset' | 'job';
  distance: number;
  /** Where the path to the root starts: node `at` of `tree`, then `tail`; no tree for the root itself, `tail`. */
  tree: WalkTree | null;
  at: number;
  tail: string | null;
}

/** The window as given and in epoch ms (thousands of version times are compared with it). */
type Window = { since: string; until: string; sinceMs: number; untilMs: number };

/**
 * Upstream datasets and jobs with their distance in pipeline steps and where their path to the
 * root starts; a column counts as its dataset, and a DERIVES edge's job one step above the column
 * it derived. `cut` when a walk reached nodes beyond `maxSteps` (left out).
 */
function collectUpstream(
  roots: ReadonlySet<string>,
  maxSteps: number,
  ...trees: WalkTree[]
): { places: Map<string, Place>; cut: boolean } {
  const places = new Map<string, Place>();
  let cut = false;
  // No closure per node: this runs for every node of both walks, paths only for the causes found.
  const put = (id: string, kind: Place['kind'], distance: number, tree: WalkTree, at: number, tail: string | null) => {
    if (distance > maxSteps) {
      cut = true;
      return;
    }
    const existing = places.get(id);
    if (!existing || existing.distance > distance) places.set(id, { kind, distance, tree, at, tail });
  };
  for (const tree of trees) {
    const steps = stepsOf(tree);
    for (let index = 0; index < tree.nodes.length; index++) {
      const { node } = tree.nodes[index] as TreeNode;
      if (roots.has(node.id)) continue;
      const distance = steps[index] as number;
      const parent = node.kind === 'datasetField' ? node.parentId : null;
      if (parent) put(parent, 'dataset', distance, tree, index, parent);
      else if (node.kind === 'dataset' || node.kind === 'job') put(node.id, node.kind, distance, tree, index, null);
    }
    // Upstream, an edge's target is its end nearer the root.
    for (const edge of tree.edges) {
      const via = edge.kind === 'DERIVES' ? edge.via : null;
      if (via && tree.nodes[edge.target])
        put(via.id, 'job', (steps[edge.target] as number) + 1, tree, edge.target, via.id);
    }
  }
  return { places, cut };
}

/** From the place down to the root (trees give paths root first). */
function pathOf(place: Place): string[] {
  return place.tree ? treePath(place.tree, place.at, place.tail).reverse() : [place.tail ?? ''];
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
      incident.nodeId === rootId || owner === rootId
        ? { kind: 'dataset' as const, distance: 0, tree: null, at: -1, tail: rootId }
        : upstream.get(owner);
    if (!place) continue;
    const detail = `${incident.severity} incident '${incident.title}' opened ${incident.openedAt}`;
    const found = candidate('incident', incident.nodeId, place, window.until, window, detail, [
      { at: incident.openedAt, detail: `incident ${incident.id}: ${incident.title}` },
    ]);
    out.push({ ...found, at: incident.openedAt });
  }
  return out;
}

function runCauses(runs: readonly FailedRun[], upstream: Map<string, Place>, window: Window): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const { run, eventSeq } of runs) {
    const place = upstream.get(run.jobId);
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
function assertionCauses(
  results: readonly AssertionResult[],
  upstream: Map<string, Place>,
  window: Window,
): CauseCandidate[] {
  const byAssertion = new Map<string, CauseCandidate>();
  for (const result of results) {
    const place = upstream.get(datasetOf(result.nodeId));
    if (!place) continue;
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
    const summary = `assertion ${result.assertion} failed on ${result.nodeId}`;
    byAssertion.set(key, candidate('failed_assertion', result.nodeId, place, result.at, window, summary, [evidence]));
  }
  return [...byAssertion.values()];
}

function datasetOf(id: string): string {
  const ref = parseNodeId(id);
  return ref.kind === 'datasetField' ? `dataset:${ref.namespace}:${ref.name}` : id;
}

/** Schema changes and staleness, from each upstream dataset's newest versions (newest first). */
function versionCauses(
  versions: readonly DatasetVersionStamp[],
  upstream: Map<string, Place>,
  window: Window,
): CauseCandidate[] {
  const byDataset = new Map<string, DatasetVersionStamp[]>();
  for (const version of versions) {
    const list = byDataset.get(version.datasetId);
    if (list) list.push(version);
    else byDataset.set(version.datasetId, [version]);
  }
  const out: CauseCandidate[] = [];
  for (const [datasetId, list] of byDataset) {
    const place = upstream.get(datasetId);
    if (!place) continue;
    out.push(...schemaCauses(list, datasetId, place, window), ...staleCauses(list, datasetId, place, window));
  }
  return out;
}

function schemaCauses(
  versions: readonly DatasetVersionStamp[],
  datasetId: string,
  place: Place,
  window: Window,
): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (let i = 0; i < versions.length - 1; i++) {
    const current = versions[i];
    const previous = versions[i + 1];
    if (!current || !previous || current.createdMs <= window.sinceMs || current.createdMs > window.untilMs) continue;
    // The store reads schemas only where the hash changed; no schema, no change.
    if (!current.fields || !previous.fields || current.schemaHash === previous.schemaHash) continue;
    const diff = diffSchemas(previous.fields, current.fields);
    if (!isBreakingDiff(diff)) continue;
    const parts = [
      ...diff.dropped.map((f) => `dropped ${f.name}`),
      ...diff.renamed.map((f) => `renamed ${f.from} to ${f.to}`),
      ...diff.retyped.map((f) => `retyped ${f.name} ${f.from} -> ${f.to}`),
    ];
    const detail = parts.join(', ');
    const at = new Date(current.createdMs).toISOString();
    out.push(
      candidate('schema_change', datasetId, place, at, window, `schema of ${datasetId} changed: ${detail}`, [
        { at, detail, ...versionEvidence(current.details) },
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

function staleCauses(
  versions: readonly DatasetVersionStamp[],
  datasetId: string,
  place: Place,
  window: Window,
): CauseCandidate[] {
  const latest = versions[0];
  if (versions.length < 3 || !latest) return [];
  const interval = usualInterval(versions.slice(0, 30).map((version) => version.createdMs));
  if (interval === null) return [];
  const silence = window.untilMs - latest.createdMs;
  if (silence <= 3 * interval) return [];
  const staleSince = new Date(latest.createdMs + 3 * interval).toISOString();
  const latestAt = new Date(latest.createdMs).toISOString();
  if (staleSince > window.until) return [];
  const at = [window.since, staleSince].sort()[1] ?? staleSince;
  const detail = `no new version since ${latestAt} (usually every ${humanDuration(interval)})`;
  return [
    candidate('stale_input', datasetId, place, at, window, `${datasetId} is stale: ${detail}`, [
      { at: latestAt, detail },
    ]),
  ];
}

/** INPUT and OUTPUT edges of upstream jobs that opened or closed in the window. */
function lineageCauses(
  changes: readonly LineageChange[],
  upstream: Map<string, Place>,
  window: Window,
): CauseCandidate[] {
  const out: CauseCandidate[] = [];
  for (const { edge, eventSeq } of changes) {
    const jobId = edge.kind === 'INPUT' ? edge.target : edge.source;
    const place = upstream.get(jobId);
    const { at, verb } = lineageChangeTime(edge, window);
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
    path: pathOf(place),
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
