import type { AssertionResult, SchemaField } from '../model/graph.js';
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
import type { ActivityQuery, DatasetVersionStamp, FailedRun, LineageChange, UpstreamActivity } from './store.js';

const ASSERTION_COLUMNS = 'node_id, assertion, status, at, run_id, severity, details, event_seq';
/** Most runs, assertion results or edge changes returned of each kind. */
export const ACTIVITY_LIMIT = 5_000;

/** An event-log sequence number as read (PostgreSQL returns BIGINT as text); null before it was kept. */
const seqOf = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

/**
 * What happened around a set of upstream nodes, a few chunked queries for thousands of ids:
 * failed or aborted runs of the jobs and failed assertion results on the datasets (or their
 * fields) in [since, until], the newest versions of each dataset by `until`, and the INPUT and
 * OUTPUT edges of the jobs opened or closed in (since, until]. An edge that opened when its job
 * first appeared is how the job started, not a change to it, and is left out.
 */
export async function readUpstreamActivity(db: SqlExecutor, query: ActivityQuery): Promise<UpstreamActivity> {
  const [failedRuns, failedAssertions, versions, lineageChanges] = await Promise.all([
    failedRunsOf(db, query),
    failedAssertionsOf(db, query),
    recentVersionsOf(db, query),
    lineageChangesOf(db, query),
  ]);
  return { failedRuns, failedAssertions, versions, lineageChanges };
}

async function failedRunsOf(db: SqlExecutor, q: ActivityQuery): Promise<FailedRun[]> {
  const rows: RunRow[] = [];
  for (const part of chunk(q.jobIds)) {
    rows.push(
      ...(await db.all<RunRow>(
        `SELECT * FROM runs WHERE job_id IN (${placeholders(part.length)})
           AND state IN ('FAILED', 'ABORTED') AND created_at >= ? AND created_at <= ?
         ORDER BY created_at DESC LIMIT ?`,
        [...part, q.since, q.until, ACTIVITY_LIMIT],
      )),
    );
  }
  return rows.slice(0, ACTIVITY_LIMIT).map((row) => ({ run: toRun(row), eventSeq: seqOf(row.state_seq) }));
}

async function failedAssertionsOf(db: SqlExecutor, q: ActivityQuery): Promise<AssertionResult[]> {
  const rows: AssertionRow[] = [];
  for (const part of chunk(q.datasetIds, 256)) {
    const list = placeholders(part.length);
    rows.push(
      ...(await db.all<AssertionRow>(
        `SELECT ${ASSERTION_COLUMNS} FROM assertion_results
          WHERE (node_id IN (${list}) OR dataset_id IN (${list})) AND status = 'fail' AND at >= ? AND at <= ?
          ORDER BY at DESC LIMIT ?`,
        [...part, ...part, q.since, q.until, ACTIVITY_LIMIT],
      )),
    );
  }
  return rows.slice(0, ACTIVITY_LIMIT).map(toAssertionResult);
}

interface StampRow {
  dataset_id: string;
  vid: number;
  created_at: string;
  schema_hash: string;
}

/**
 * Each dataset's newest versions, from the stamps index alone; then the version and run of each
 * dataset's newest version and of both sides of every schema change in (since, until], and the
 * schemas of the latter. Reading every version's schema cost more than all the other reads.
 */
async function recentVersionsOf(db: SqlExecutor, q: ActivityQuery): Promise<DatasetVersionStamp[]> {
  const rows: StampRow[] = [];
  for (const part of chunk(q.datasetIds)) {
    rows.push(
      ...(await db.all<StampRow>(
        `SELECT dataset_id, vid, created_at, schema_hash FROM (
           SELECT dataset_id, vid, created_at, schema_hash,
                  ROW_NUMBER() OVER (PARTITION BY dataset_id ORDER BY created_at DESC, vid DESC) AS rn
             FROM dataset_versions WHERE dataset_id IN (${placeholders(part.length)}) AND created_at <= ?
         ) ranked WHERE rn <= ? ORDER BY dataset_id, rn`,
        [...part, q.until, q.versionsPerDataset],
      )),
    );
  }
  const detailed = new Set<number>();
  const changed = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as StampRow;
    const before = rows[i + 1];
    if (rows[i - 1]?.dataset_id !== row.dataset_id) detailed.add(Number(row.vid));
    if (!before || before.dataset_id !== row.dataset_id || before.schema_hash === row.schema_hash) continue;
    if (row.created_at > q.since && row.created_at <= q.until) changed.add(Number(row.vid)).add(Number(before.vid));
  }
  const details = await versionDetails(db, [...detailed, ...changed], changed);
  return rows.map((row) => {
    const found = details.get(Number(row.vid));
    return {
      datasetId: row.dataset_id,
      createdAt: row.created_at,
      schemaHash: row.schema_hash,
      details: found ? { version: found.version, runId: found.run_id, eventSeq: seqOf(found.event_seq) } : null,
      fields: found?.fields ? (JSON.parse(found.fields) as SchemaField[]) : null,
    };
  });
}

interface DetailRow {
  vid: number;
  version: string;
  run_id: string | null;
  event_seq: number | null;
  fields: string | null;
}

async function versionDetails(
  db: SqlExecutor,
  vids: readonly number[],
  withFields: ReadonlySet<number>,
): Promise<Map<number, DetailRow>> {
  const found = new Map<number, DetailRow>();
  const read = async (part: readonly number[], columns: string) => {
    const rows = await db.all<DetailRow>(
      `SELECT ${columns} FROM dataset_versions WHERE vid IN (${placeholders(part.length)})`,
      [...part],
    );
    for (const row of rows) found.set(Number(row.vid), row);
  };
  const plain = [...new Set(vids)].filter((vid) => !withFields.has(vid));
  for (const part of chunk(plain)) await read(part, 'vid, version, run_id, event_seq, NULL AS fields');
  for (const part of chunk([...withFields])) await read(part, 'vid, version, run_id, event_seq, fields');
  return found;
}

async function lineageChangesOf(db: SqlExecutor, q: ActivityQuery): Promise<LineageChange[]> {
  // By node key, so the planner walks the jobs' edges and not every edge of the window.
  const keys: number[] = [];
  for (const part of chunk(q.jobIds)) {
    const rows = await db.all<{ nid: number }>(
      `SELECT nid FROM nodes WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) keys.push(Number(row.nid));
  }
  const rows: (EdgeRow & { opened_seq: number | null; closed_seq: number | null })[] = [];
  for (const part of chunk(keys, 256)) {
    const list = placeholders(part.length);
    rows.push(
      ...(await db.all<EdgeRow & { opened_seq: number | null; closed_seq: number | null }>(
        `SELECT ${EDGE_COLUMNS}, e.opened_seq, e.closed_seq FROM ${EDGE_FROM}
          WHERE ((e.kind = 'INPUT' AND e.dst IN (${list})) OR (e.kind = 'OUTPUT' AND e.src IN (${list})))
            AND ((e.valid_from > ? AND e.valid_from <= ?
                  AND e.valid_from > (CASE WHEN e.kind = 'INPUT' THEN t.created_at ELSE s.created_at END))
                 OR (e.valid_to > ? AND e.valid_to <= ?))
          ORDER BY e.eid LIMIT ?`,
        [...part, ...part, q.since, q.until, q.since, q.until, ACTIVITY_LIMIT],
      )),
    );
  }
  return rows.slice(0, ACTIVITY_LIMIT).map((row) => {
    const edge = toEdge(row);
    const closedInWindow = edge.validTo !== null && edge.validTo > q.since && edge.validTo <= q.until;
    const seq = closedInWindow ? row.closed_seq : row.opened_seq;
    return { edge, eventSeq: seqOf(seq) };
  });
}
