import type { AssertionResult, DatasetVersion, JobVersion, Run } from '../model/graph.js';
import { canonicalId, loadAliases } from './aliases.js';
import { EVENT_COLUMNS } from './event-log.js';
import { filtersOf, pageRows } from './paging.js';
import {
  type AssertionRow,
  type DatasetVersionRow,
  type EventRow,
  type JobVersionRow,
  type RunRow,
  toAssertionResult,
  toDatasetVersion,
  toEvent,
  toJobVersion,
  toRun,
} from './rows.js';
import type { SqlExecutor } from './sql-driver.js';
import type { AssertionQuery, EventQuery, Page, PageQuery, RunQuery, StoredEvent } from './store.js';

const DV_COLUMNS = 'dataset_id, version, created_at, run_id, fields, facets, lifecycle_state, schema_hash';
const JV_COLUMNS = 'job_id, version, created_at, inputs, outputs, sql_text, facets, diagnostics';

async function canonical(db: SqlExecutor, id: string): Promise<string> {
  return canonicalId(id, await loadAliases(db, [id]));
}

export async function readDatasetVersions(
  db: SqlExecutor,
  id: string,
  page?: PageQuery,
): Promise<Page<DatasetVersion>> {
  const { rows, total } = await pageRows<DatasetVersionRow>(
    db,
    DV_COLUMNS,
    'dataset_versions',
    ['dataset_id = ?'],
    [await canonical(db, id)],
    'created_at DESC, vid DESC',
    page,
  );
  return { items: rows.map(toDatasetVersion), total };
}

/** Dataset versions of any dataset created in (from, to], oldest first. */
export async function readDatasetVersionChanges(
  db: SqlExecutor,
  from: string,
  to: string,
  page?: PageQuery,
): Promise<Page<DatasetVersion>> {
  const { rows, total } = await pageRows<DatasetVersionRow>(
    db,
    DV_COLUMNS,
    'dataset_versions',
    ['created_at > ?', 'created_at <= ?'],
    [from, to],
    'created_at, vid',
    page,
  );
  return { items: rows.map(toDatasetVersion), total };
}

export async function readDatasetVersion(db: SqlExecutor, id: string, version: string): Promise<DatasetVersion | null> {
  const row = await db.get<DatasetVersionRow>(
    `SELECT ${DV_COLUMNS} FROM dataset_versions WHERE dataset_id = ? AND version = ?`,
    [await canonical(db, id), version],
  );
  return row ? toDatasetVersion(row) : null;
}

export async function readDatasetVersionAt(db: SqlExecutor, id: string, asOf?: string): Promise<DatasetVersion | null> {
  const dataset = await canonical(db, id);
  const row =
    asOf === undefined
      ? await db.get<DatasetVersionRow>(
          `SELECT ${DV_COLUMNS} FROM dataset_versions WHERE dataset_id = ? ORDER BY created_at DESC, vid DESC LIMIT 1`,
          [dataset],
        )
      : await db.get<DatasetVersionRow>(
          `SELECT ${DV_COLUMNS} FROM dataset_versions WHERE dataset_id = ? AND created_at <= ?
            ORDER BY created_at DESC, vid DESC LIMIT 1`,
          [dataset, asOf],
        );
  return row ? toDatasetVersion(row) : null;
}

export async function readJobVersions(db: SqlExecutor, jobId: string, page?: PageQuery): Promise<Page<JobVersion>> {
  const { rows, total } = await pageRows<JobVersionRow>(
    db,
    JV_COLUMNS,
    'job_versions',
    ['job_id = ?'],
    [jobId],
    'created_at DESC, vid DESC',
    page,
  );
  return { items: rows.map(toJobVersion), total };
}

/** A job version by id; when the job returned to an earlier state, its latest occurrence. */
export async function readJobVersion(db: SqlExecutor, jobId: string, version: string): Promise<JobVersion | null> {
  const row = await db.get<JobVersionRow>(
    `SELECT ${JV_COLUMNS} FROM job_versions WHERE job_id = ? AND version = ? ORDER BY created_at DESC, vid DESC LIMIT 1`,
    [jobId, version],
  );
  return row ? toJobVersion(row) : null;
}

export async function readJobVersionAt(db: SqlExecutor, jobId: string, asOf?: string): Promise<JobVersion | null> {
  const row =
    asOf === undefined
      ? await db.get<JobVersionRow>(
          `SELECT ${JV_COLUMNS} FROM job_versions WHERE job_id = ? ORDER BY created_at DESC, vid DESC LIMIT 1`,
          [jobId],
        )
      : await db.get<JobVersionRow>(
          `SELECT ${JV_COLUMNS} FROM job_versions WHERE job_id = ? AND created_at <= ?
            ORDER BY created_at DESC, vid DESC LIMIT 1`,
          [jobId, asOf],
        );
  return row ? toJobVersion(row) : null;
}

export async function readRun(db: SqlExecutor, runId: string): Promise<Run | null> {
  const row = await db.get<RunRow>('SELECT * FROM runs WHERE run_id = ?', [runId]);
  return row ? toRun(row) : null;
}

export async function readRuns(db: SqlExecutor, query: RunQuery): Promise<Page<Run>> {
  const { where, params } = filtersOf([
    ['job_id = ?', query.jobId],
    ['state = ?', query.state],
    ['created_at >= ?', query.since],
  ]);
  const { rows, total } = await pageRows<RunRow>(db, '*', 'runs', where, params, 'created_at DESC, run_id', query);
  return { items: rows.map(toRun), total };
}

export async function readAssertionResults(db: SqlExecutor, query: AssertionQuery): Promise<Page<AssertionResult>> {
  const { where, params } = filtersOf([
    ['status = ?', query.status],
    ['at >= ?', query.since],
  ]);
  if (query.nodeId !== undefined) {
    const id = await canonical(db, query.nodeId);
    where.push('(node_id = ? OR dataset_id = ?)');
    params.push(id, id);
  }
  const { rows, total } = await pageRows<AssertionRow>(
    db,
    'node_id, assertion, status, at, run_id, severity, details, event_seq',
    'assertion_results',
    where,
    params,
    'at DESC, aid DESC',
    query,
  );
  return { items: rows.map(toAssertionResult), total };
}

export async function readEvents(db: SqlExecutor, query: EventQuery): Promise<Page<StoredEvent>> {
  const { where, params } = filtersOf([
    ['received_at > ?', query.after],
    ['received_at < ?', query.before],
    ['source = ?', query.source],
    ['actor = ?', query.actor],
  ]);
  for (const text of query.mentions ?? []) {
    where.push("payload LIKE ? ESCAPE '\\'");
    params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const order = query.order === 'desc' ? 'seq DESC' : 'seq';
  const { rows, total } = await pageRows<EventRow>(
    db,
    `${EVENT_COLUMNS}, pruned_by`,
    'events',
    where,
    params,
    order,
    query,
  );
  return { items: rows.map(toEvent), total };
}

export async function readEvent(db: SqlExecutor, seq: number): Promise<StoredEvent | null> {
  const row = await db.get<EventRow>(`SELECT ${EVENT_COLUMNS}, pruned_by FROM events WHERE seq = ?`, [seq]);
  return row ? toEvent(row) : null;
}
