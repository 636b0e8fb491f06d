import type { AssertionResult } from '../model/graph.js';
import type { AssertionStamp, RunStamp } from './activity-index.js';
import { edgeKindCode } from './edge-codes.js';
import type { ImmutableRows } from './immutable-rows.js';
import { EDGE_COLUMNS, EDGE_FROM, type EdgeRow, toEdge } from './rows.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';
import type {
  FailedRun,
  LineageChange,
  SchemaChangeStamp,
  StaleInput,
  UpstreamActivityQuery,
  VersionDetails,
} from './store.js';
import type { TraversalResources } from './traverse.js';
import type { UpstreamPlaces } from './upstream-places.js';

/** Most runs, assertion results, schema changes or edge changes returned of each kind. */
export const ACTIVITY_LIMIT = 5_000;
const INPUT = edgeKindCode('INPUT');
const OUTPUT = edgeKindCode('OUTPUT');

/** The window in epoch ms. */
export type Window = { since: number; until: number };

interface FoundSchemaChange {
  datasetId: string;
  createdMs: number;
  vid: number;
  beforeVid: number;
}

/**
 * What the in-memory indexes hold on the upstream places: the failed runs and stale inputs
 * themselves, and the stamps of the rest to read them by.
 */
export interface FoundEvidence {
  failedRuns: FailedRun[];
  assertions: AssertionStamp[];
  schemaChanges: FoundSchemaChange[];
  /** Ids of the INPUT and OUTPUT edges of upstream jobs that opened or closed in the window. */
  edges: number[];
  staleInputs: StaleInput[];
}

/**
 * Looks every upstream place up in the activity and traversal indexes, in one pass: failed runs
 * of jobs, failed assertion results, schema changes and staleness of datasets, and the INPUT and
 * OUTPUT edges of jobs that opened or closed in (since, until]. An edge that opened when its job
 * first appeared is how the job started, not a change to it, and is left out.
 */
export function findEvidence(
  { activity, index }: TraversalResources,
  places: UpstreamPlaces,
  window: Window,
  query: Pick<UpstreamActivityQuery, 'versionsPerDataset' | 'staleAfterIntervals'>,
): FoundEvidence {
  const runs: { stamp: RunStamp; jobId: string }[] = [];
  const found: Omit<FoundEvidence, 'failedRuns'> = { assertions: [], schemaChanges: [], edges: [], staleInputs: [] };
  const { since, until } = window;
  const inWindow = (ms: number) => ms > since && ms <= until;
  // The visitors see the current place through these (no closure per place).
  let datasetId = '';
  let kind = INPUT;
  let createdMs = 0;
  const visitEdge = (slot: number) => {
    if (index.kindOf(slot) !== kind) return;
    const from = index.fromMsOf(slot);
    if (inWindow(index.toMsOf(slot)) || (inWindow(from) && from > createdMs)) found.edges.push(index.eidOf(slot));
  };
  const visitSchemaChange = (vid: number, beforeVid: number, at: number) =>
    found.schemaChanges.push({ datasetId, createdMs: at, vid, beforeVid });
  places.forEach((key, id, job, entry) => {
    if (job) {
      const failed = activity.failedRunsOf(key, since, until);
      for (let i = 0; i < failed.length; i++) runs.push({ stamp: failed[i] as RunStamp, jobId: id });
      createdMs = entry.createdMs;
      // Most jobs' inputs and outputs have not changed since the job appeared, or not in the
      // window: their edges are not read.
      if (index.lastOpenedMs(key) <= Math.max(since, createdMs) && index.lastClosedMs(key) <= since) return;
      kind = INPUT;
      index.forEachEdgeAt(key, false, visitEdge);
      kind = OUTPUT;
      index.forEachEdgeAt(key, true, visitEdge);
      return;
    }
    found.assertions.push(...activity.failedAssertionsOf(key, since, until));
    datasetId = id;
    activity.forEachSchemaChange(key, since, until, query.versionsPerDataset, visitSchemaChange);
    const latestMs = activity.newestVersionMs(key, until);
    const intervalMs = Number.isNaN(latestMs) ? null : activity.usualIntervalOf(key, until);
    if (intervalMs !== null && until - latestMs > query.staleAfterIntervals * intervalMs)
      found.staleInputs.push({ datasetId: id, latestMs, intervalMs });
  });
  return { ...found, failedRuns: failedRunsOf(runs) };
}

/** An event-log sequence number as read (PostgreSQL returns BIGINT as text); null before it was kept. */
export const seqOf = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/** The failed runs of upstream jobs, newest failure first: all from the activity index. */
function failedRunsOf(found: { stamp: RunStamp; jobId: string }[]): FailedRun[] {
  found.sort((a, b) => b.stamp.atMs - a.stamp.atMs || a.stamp.runId.localeCompare(b.stamp.runId));
  return found.slice(0, ACTIVITY_LIMIT).map(({ stamp, jobId }) => ({
    run: {
      runId: stamp.runId,
      jobId,
      state: stamp.state,
      createdAt: stamp.createdAt,
      endedAt: stamp.endedAt,
      errorMessage: stamp.errorMessage,
    },
    eventSeq: stamp.eventSeq,
  }));
}

/** The failed assertion results, newest first. */
export async function readFailedAssertions(rows: ImmutableRows, found: AssertionStamp[]): Promise<AssertionResult[]> {
  found.sort((a, b) => b.atMs - a.atMs || b.aid - a.aid);
  const stamps = found.slice(0, ACTIVITY_LIMIT);
  const results = await rows.assertions(stamps.map((stamp) => stamp.aid));
  return stamps.flatMap((stamp) => results.get(stamp.aid) ?? []);
}

/** The schema changes, newest first, with the schemas of both sides and what wrote the new one. */
export async function readSchemaChanges(rows: ImmutableRows, found: FoundSchemaChange[]): Promise<SchemaChangeStamp[]> {
  if (found.length === 0) return [];
  found.sort((a, b) => b.createdMs - a.createdMs || b.vid - a.vid);
  const changes = found.slice(0, ACTIVITY_LIMIT);
  const versions = await rows.versions(changes.flatMap((change) => [change.vid, change.beforeVid]));
  return changes.flatMap(({ datasetId, createdMs, vid, beforeVid }): SchemaChangeStamp[] => {
    const after = versions.get(vid);
    const before = versions.get(beforeVid);
    if (!after || !before) return [];
    const details = { version: after.version, runId: after.runId, eventSeq: after.eventSeq };
    return [{ datasetId, createdMs, before: before.fields, after: after.fields, details }];
  });
}

/** The changed edges, by id, each with the record that opened it or (when it closed in the window) closed it. */
export async function readLineageChanges(db: SqlExecutor, eids: number[], window: Window): Promise<LineageChange[]> {
  eids.sort((a, b) => a - b);
  const rows: (EdgeRow & { opened_seq: number | null; closed_seq: number | null })[] = [];
  for (const part of chunk(eids.slice(0, ACTIVITY_LIMIT))) {
    rows.push(
      ...(await db.all<EdgeRow & { opened_seq: number | null; closed_seq: number | null }>(
        `SELECT ${EDGE_COLUMNS}, e.opened_seq, e.closed_seq FROM ${EDGE_FROM}
          WHERE e.eid IN (${placeholders(part.length)}) ORDER BY e.eid`,
        part,
      )),
    );
  }
  return rows.map((row) => {
    const edge = toEdge(row);
    const closed = edge.validTo === null ? Number.NaN : Date.parse(edge.validTo);
    const inWindow = closed > window.since && closed <= window.until;
    return { edge, eventSeq: seqOf(inWindow ? row.closed_seq : row.opened_seq) };
  });
}

/** The version, run and record of each dataset's newest version created by `asOf`. */
interface VersionRow {
  dataset_id: string;
  version: string;
  run_id: string | null;
  event_seq: number | null;
}

export async function readVersionDetails(
  db: SqlExecutor,
  datasetIds: readonly string[],
  asOf: string,
): Promise<Map<string, VersionDetails>> {
  const found = new Map<string, VersionDetails>();
  for (const part of chunk([...new Set(datasetIds)])) {
    const rows = await db.all<VersionRow>(
      `SELECT v.vid, v.dataset_id, v.version, v.run_id, v.event_seq FROM dataset_versions v
        WHERE v.dataset_id IN (${placeholders(part.length)}) AND v.vid = (
          SELECT x.vid FROM dataset_versions x WHERE x.dataset_id = v.dataset_id AND x.created_at <= ?
           ORDER BY x.created_at DESC, x.vid DESC LIMIT 1)`,
      [...part, asOf],
    );
    for (const row of rows)
      found.set(row.dataset_id, { version: row.version, runId: row.run_id, eventSeq: seqOf(row.event_seq) });
  }
  return found;
}
