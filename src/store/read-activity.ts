import type { AssertionResult, SchemaField } from '../model/graph.js';
import { edgeKindCode } from './edge-codes.js';
import {
  type AssertionRow,
  EDGE_COLUMNS,
  EDGE_FROM,
  type EdgeRow,
  type RunRow,
  toAssertionResult,
  toEdge,
  toRun,
} from './rows.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';
import type {
  ActivityQuery,
  DatasetVersionStamp,
  FailedRun,
  LineageChange,
  UpstreamActivity,
  VersionDetails,
} from './store.js';
import type { TraversalResources } from './traverse.js';

const ASSERTION_COLUMNS = 'node_id, assertion, status, at, run_id, severity, details, event_seq';
const INPUT = edgeKindCode('INPUT');
const OUTPUT = edgeKindCode('OUTPUT');
/** Most runs, assertion results or edge changes returned of each kind. */
export const ACTIVITY_LIMIT = 5_000;

/** An event-log sequence number as read (PostgreSQL returns BIGINT as text); null before it was kept. */
const seqOf = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/** The keys of the nodes asked about (ids without a node left out), datasets with their ids. */
interface Keys {
  jobs: number[];
  datasets: { key: number; id: string }[];
}

/**
 * What happened around a set of upstream nodes (see {@link UpstreamActivity}), found in the
 * in-memory activity and traversal indexes; the database is read only for what was found (the
 * failed runs, failed assertion results, changed edges, and the schemas on both sides of each
 * schema change), one query per kind however many nodes were asked about.
 */
export async function readUpstreamActivity(
  db: SqlExecutor,
  resources: TraversalResources,
  query: ActivityQuery,
): Promise<UpstreamActivity> {
  const { activity, index, summaries } = resources;
  const [jobKeys, datasetKeys] = await Promise.all([
    summaries.keysOf(query.jobIds),
    summaries.keysOf(query.datasetIds),
    activity.refresh(),
    index.refresh(),
    summaries.refresh(),
  ]);
  const datasets = new Map<number, string>();
  datasetKeys.forEach((key, i) => {
    if (key !== undefined) datasets.set(key, query.datasetIds[i] as string);
  });
  const jobs = new Set(jobKeys.filter((key): key is number => key !== undefined));
  const keys: Keys = { jobs: [...jobs], datasets: [...datasets].map(([key, id]) => ({ key, id })) };
  const window = { since: Date.parse(query.since), until: Date.parse(query.until) };
  const [failedRuns, failedAssertions, versions, lineageChanges] = await Promise.all([
    failedRunsOf(db, resources, keys, window),
    failedAssertionsOf(db, resources, keys, window),
    recentVersionsOf(db, resources, keys, window, query),
    lineageChangesOf(db, resources, keys, window),
  ]);
  return { failedRuns, failedAssertions, versions, lineageChanges };
}

type Window = { since: number; until: number };

async function failedRunsOf(db: SqlExecutor, { activity }: TraversalResources, keys: Keys, window: Window) {
  const found = keys.jobs.flatMap((key) => activity.failedRunsOf(key, window.since, window.until));
  found.sort((a, b) => b.atMs - a.atMs || a.runId.localeCompare(b.runId));
  const stamps = found.slice(0, ACTIVITY_LIMIT);
  const runs = new Map<string, RunRow>();
  for (const part of chunk(stamps.map((stamp) => stamp.runId))) {
    const rows = await db.all<RunRow>(`SELECT * FROM runs WHERE run_id IN (${placeholders(part.length)})`, part);
    for (const row of rows) runs.set(row.run_id, row);
  }
  return stamps.flatMap((stamp): FailedRun[] => {
    const row = runs.get(stamp.runId);
    return row ? [{ run: toRun(row), eventSeq: stamp.eventSeq }] : [];
  });
}

async function failedAssertionsOf(
  db: SqlExecutor,
  { activity }: TraversalResources,
  keys: Keys,
  window: Window,
): Promise<AssertionResult[]> {
  const found = keys.datasets.flatMap(({ key }) => activity.failedAssertionsOf(key, window.since, window.until));
  found.sort((a, b) => b.atMs - a.atMs || b.aid - a.aid);
  const rows: (AssertionRow & { aid: number })[] = [];
  for (const part of chunk(found.slice(0, ACTIVITY_LIMIT).map((stamp) => stamp.aid))) {
    rows.push(
      ...(await db.all<AssertionRow & { aid: number }>(
        `SELECT aid, ${ASSERTION_COLUMNS} FROM assertion_results WHERE aid IN (${placeholders(part.length)})`,
        part,
      )),
    );
  }
  rows.sort((a, b) => b.at.localeCompare(a.at) || Number(b.aid) - Number(a.aid));
  return rows.map(toAssertionResult);
}

/**
 * Each dataset's newest versions by `until`, from the index; then the version, run, record and
 * schema of both sides of every schema change in (since, until], from the database.
 */
async function recentVersionsOf(
  db: SqlExecutor,
  { activity }: TraversalResources,
  keys: Keys,
  window: Window,
  query: ActivityQuery,
): Promise<DatasetVersionStamp[]> {
  const stamps: DatasetVersionStamp[] = [];
  const vids: number[] = [];
  const changed = new Set<number>();
  for (const { key, id: datasetId } of keys.datasets) {
    const versions = activity.newestVersions(key, window.until, query.versionsPerDataset);
    for (let v = 0; v < versions.length; v++) {
      const { vid, createdMs, schemaHash } = versions[v] as (typeof versions)[number];
      stamps.push({ datasetId, createdMs, schemaHash, details: null, fields: null });
      vids.push(vid);
      const before = versions[v + 1];
      if (before && before.schemaHash !== schemaHash && createdMs > window.since) changed.add(vid).add(before.vid);
    }
  }
  if (changed.size === 0) return stamps;
  const details = await versionRows(db, [...changed]);
  for (let i = 0; i < stamps.length; i++) {
    const found = details.get(vids[i] as number);
    if (!found) continue;
    const stamp = stamps[i] as DatasetVersionStamp;
    stamp.details = { version: found.version, runId: found.run_id, eventSeq: seqOf(found.event_seq) };
    stamp.fields = JSON.parse(found.fields) as SchemaField[];
  }
  return stamps;
}

interface VersionRow {
  vid: number;
  dataset_id: string;
  version: string;
  run_id: string | null;
  event_seq: number | null;
  fields: string;
}

async function versionRows(db: SqlExecutor, vids: readonly number[]): Promise<Map<number, VersionRow>> {
  const found = new Map<number, VersionRow>();
  for (const part of chunk(vids)) {
    const rows = await db.all<VersionRow>(
      `SELECT vid, dataset_id, version, run_id, event_seq, fields FROM dataset_versions WHERE vid IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) found.set(Number(row.vid), row);
  }
  return found;
}

/**
 * INPUT edges into and OUTPUT edges out of the jobs that opened or closed in (since, until], from
 * the traversal index; an edge that opened when its job first appeared is how the job started,
 * not a change to it, and is left out. Only the edges found are read, with their records.
 */
async function lineageChangesOf(
  db: SqlExecutor,
  { index, summaries }: TraversalResources,
  keys: Keys,
  window: Window,
): Promise<LineageChange[]> {
  const jobs = await summaries.resolveList(keys.jobs);
  const eids: number[] = [];
  // One visitor for every job (its job and edge kind set before each visit): no closure per job.
  let kind = INPUT;
  let createdMs = 0;
  const inWindow = (ms: number) => ms > window.since && ms <= window.until;
  const visit = (slot: number) => {
    if (index.kindOf(slot) !== kind) return;
    const from = index.fromMsOf(slot);
    if (inWindow(index.toMsOf(slot)) || (inWindow(from) && from > createdMs)) eids.push(index.eidOf(slot));
  };
  for (let i = 0; i < keys.jobs.length; i++) {
    const job = jobs[i];
    if (!job) continue;
    createdMs = job.createdMs;
    kind = INPUT;
    index.forEachEdgeAt(keys.jobs[i] as number, false, visit);
    kind = OUTPUT;
    index.forEachEdgeAt(keys.jobs[i] as number, true, visit);
  }
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
export async function readVersionDetails(
  db: SqlExecutor,
  datasetIds: readonly string[],
  asOf: string,
): Promise<Map<string, VersionDetails>> {
  const found = new Map<string, VersionDetails>();
  for (const part of chunk([...new Set(datasetIds)])) {
    const rows = await db.all<Omit<VersionRow, 'fields'>>(
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
