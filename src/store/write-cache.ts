import type { Mutation } from '../model/mutation.js';
import { canonicalId } from './aliases.js';
import { DatasetVersionCache } from './dataset-version-cache.js';
import { insertRows } from './multi-row-insert.js';
import { NodeRowCache } from './node-row-cache.js';
import { PendingEdges } from './pending-edges.js';
import type { RunRow } from './rows.js';
import { chunk, placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';

/** An open edge of a scope, as `applyEdgeSet` compares and closes it. */
export interface OpenEdgeRow {
  eid: number;
  kind: string;
  src: number;
  dst: number;
  via: string | null;
  transformations: string;
  attributes: string;
  valid_from: string;
  valid_to: string | null;
}

const OPEN_EDGE_COLUMNS = 'eid, kind, src, dst, via, transformations, attributes, valid_from, valid_to';

export interface ScopeState {
  last_replace_at: string | null;
  last_replace_run: string | null;
}

interface JobVersionRow {
  version: string;
  created_at: string;
  vid: number;
}

/** Larger than any stored `vid`: rows written in this transaction order after stored ones. */
const WRITTEN_VID_BASE = 2 ** 52;

const NODE_TIMES_PER_STATEMENT = 100;
const NODE_TIME_VALUES = '(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT))';

const RUN_COLUMNS = [
  'run_id',
  'job_id',
  'state',
  'state_time',
  'created_at',
  'started_at',
  'ended_at',
  'nominal_start_time',
  'nominal_end_time',
  'parent_run_id',
  'facets',
  'input_versions',
  'output_versions',
  'job_version',
  'error_message',
  'state_seq',
  'row_seq',
] as const;
const RUN_UPSERT = `ON CONFLICT (run_id) DO UPDATE SET ${RUN_COLUMNS.slice(1)
  .map((column) => `${column} = excluded.${column}`)
  .join(', ')}`;
const JOB_VERSION_COLUMNS = [
  'job_id',
  'version',
  'created_at',
  'inputs',
  'outputs',
  'sql_text',
  'facets',
  'diagnostics',
];
/**
 * What the writes of one transaction read about scopes, dataset and job versions and runs,
 * loaded for a whole batch in a few multi-row queries and kept exact as the batch writes
 * (the write lock keeps everyone else out). A key not loaded up front is read on first use with
 * the same query a single mutation would run, so the answers never differ from reading each time.
 * Scope states, runs and new versions are written by {@link WriteCache.flush}, a few multi-row
 * statements for the whole batch (rows in the order they were noted).
 */
export class WriteCache {
  /** Node rows, read once per batch and kept current by the node writers. */
  readonly nodes = new NodeRowCache();
  /** Edges opened by the batch, inserted by {@link WriteCache.flushEdges}. */
  readonly edges = new PendingEdges();

  /** Inserts the pending edges; only when the batch ends (open-edge entries use their stand-in eids). */
  flushEdges(tx: SqlExecutor): Promise<void> {
    return this.edges.flush(tx);
  }
  private readonly scopes = new Map<string, ScopeState | null>();
  private readonly openEdges = new Map<string, Map<number, OpenEdgeRow>>();
  private readonly jobs = new Map<string, JobVersionRow[]>();
  /** Dataset versions: known ones, latest schema hash per dataset, new rows. */
  readonly datasetVersions = new DatasetVersionCache();
  private readonly runs = new Map<string, RunRow | null>();
  private written = 0;
  private readonly dirtyScopes = new Map<string, ScopeState>();
  private readonly dirtyRuns = new Map<string, RunRow>();
  private readonly newJobVersions: SqlValue[][] = [];
  private readonly nodeTimes = new Map<number, { updatedAt: string; rev: number }>();

  /** Records a node whose only change is its `updated_at` (and revision); written on flush. */
  touchNode(nid: number, updatedAt: string, rev: number): void {
    this.nodeTimes.set(nid, { updatedAt, rev });
  }

  /** Forgets a pending time change of a node whose whole row was just written (with newer times). */
  dropNodeTouch(nid: number): void {
    this.nodeTimes.delete(nid);
  }

  /** Writes what was noted since the last flush; reads of the tables after it see everything. */
  async flush(tx: SqlExecutor): Promise<void> {
    const scopes = [...this.dirtyScopes].map(([scope, s]) => [scope, s.last_replace_at, s.last_replace_run]);
    this.dirtyScopes.clear();
    await insertRows(
      tx,
      'edge_scopes',
      ['scope', 'last_replace_at', 'last_replace_run'],
      scopes,
      'ON CONFLICT (scope) DO UPDATE SET last_replace_at = excluded.last_replace_at, last_replace_run = excluded.last_replace_run',
    );
    const runs = [...this.dirtyRuns.values()].map((row) => RUN_COLUMNS.map((column) => row[column]));
    this.dirtyRuns.clear();
    await insertRows(tx, 'runs', RUN_COLUMNS, runs, RUN_UPSERT);
    await insertRows(tx, 'job_versions', JOB_VERSION_COLUMNS, this.newJobVersions.splice(0));
    await this.datasetVersions.flush(tx);
    const times = [...this.nodeTimes];
    this.nodeTimes.clear();
    for (let i = 0; i < times.length; i += NODE_TIMES_PER_STATEMENT) {
      const part = times.slice(i, i + NODE_TIMES_PER_STATEMENT);
      await tx.run(
        `UPDATE nodes SET updated_at = v.column2, rev = v.column3 FROM (VALUES ${part.map(() => NODE_TIME_VALUES).join(', ')})
          AS v WHERE nodes.nid = v.column1`,
        part.flatMap(([nid, t]) => [nid, t.updatedAt, t.rev]),
      );
    }
  }

  /** Loads what `mutations` will read, with ids made canonical through `aliases`. */
  static async load(
    tx: SqlExecutor,
    mutations: readonly Mutation[],
    aliases: ReadonlyMap<string, string>,
  ): Promise<WriteCache> {
    const cache = new WriteCache();
    const scopes = new Set<string>();
    const jobs = new Set<string>();
    const runs = new Set<string>();
    const datasetVersions = new Map<string, Set<string>>();
    const nodes: string[] = [];
    for (const m of mutations) {
      for (const n of m.nodes) nodes.push(canonicalId(n.id, aliases));
      for (const set of m.edgeSets)
        for (const e of set.edges) nodes.push(canonicalId(e.source, aliases), canonicalId(e.target, aliases));
      for (const set of m.edgeSets) scopes.add(set.scope);
      for (const v of m.jobVersions) jobs.add(v.jobId);
      for (const r of m.runs) {
        jobs.add(r.jobId);
        runs.add(r.runId);
      }
      for (const v of m.datasetVersions) {
        const id = canonicalId(v.datasetId, aliases);
        const versions = datasetVersions.get(id) ?? new Set<string>();
        versions.add(v.version);
        datasetVersions.set(id, versions);
      }
    }
    await cache.nodes.load(tx, nodes);
    await cache.loadScopes(tx, [...scopes]);
    await cache.loadOpenEdges(tx, [...scopes]);
    await cache.loadJobs(tx, [...jobs]);
    await cache.loadRuns(tx, [...runs]);
    await cache.datasetVersions.load(tx, datasetVersions);
    return cache;
  }

  private async loadScopes(tx: SqlExecutor, scopes: readonly string[]): Promise<void> {
    for (const scope of scopes) this.scopes.set(scope, null);
    for (const part of chunk(scopes)) {
      const rows = await tx.all<ScopeState & { scope: string }>(
        `SELECT scope, last_replace_at, last_replace_run FROM edge_scopes WHERE scope IN (${placeholders(part.length)})`,
        part,
      );
      for (const row of rows)
        this.scopes.set(row.scope, { last_replace_at: row.last_replace_at, last_replace_run: row.last_replace_run });
    }
  }

  private async loadOpenEdges(tx: SqlExecutor, scopes: readonly string[]): Promise<void> {
    for (const scope of scopes) this.openEdges.set(scope, new Map());
    for (const part of chunk(scopes)) {
      const rows = await tx.all<OpenEdgeRow & { scope: string }>(
        `SELECT scope, ${OPEN_EDGE_COLUMNS} FROM edges WHERE scope IN (${placeholders(part.length)}) AND valid_to IS NULL`,
        part,
      );
      for (const { scope, ...row } of rows) this.openEdges.get(scope)?.set(Number(row.eid), normalEdge(row));
    }
  }

  /** The open edges of `scope` (read on first use when not loaded), by edge key. */
  async openEdgesOf(tx: SqlExecutor, scope: string): Promise<Map<number, OpenEdgeRow>> {
    let open = this.openEdges.get(scope);
    if (!open) {
      const rows = await tx.all<OpenEdgeRow>(
        `SELECT ${OPEN_EDGE_COLUMNS} FROM edges WHERE scope = ? AND valid_to IS NULL`,
        [scope],
      );
      open = new Map(rows.map((row) => [Number(row.eid), normalEdge(row)]));
      this.openEdges.set(scope, open);
    }
    return open;
  }

  private async loadJobs(tx: SqlExecutor, jobs: readonly string[]): Promise<void> {
    for (const job of jobs) this.jobs.set(job, []);
    for (const part of chunk(jobs)) {
      const rows = await tx.all<JobVersionRow & { job_id: string }>(
        `SELECT job_id, version, created_at, vid FROM job_versions WHERE job_id IN (${placeholders(part.length)})`,
        part,
      );
      for (const row of rows) {
        this.jobs.get(row.job_id)?.push({ version: row.version, created_at: row.created_at, vid: Number(row.vid) });
      }
    }
  }

  private async loadRuns(tx: SqlExecutor, runs: readonly string[]): Promise<void> {
    for (const run of runs) this.runs.set(run, null);
    for (const part of chunk(runs)) {
      const rows = await tx.all<RunRow>(`SELECT * FROM runs WHERE run_id IN (${placeholders(part.length)})`, part);
      for (const row of rows) this.runs.set(row.run_id, row);
    }
  }

  async scope(tx: SqlExecutor, scope: string): Promise<ScopeState | null> {
    const known = this.scopes.get(scope);
    if (known !== undefined) return known;
    const row = await tx.get<ScopeState>('SELECT last_replace_at, last_replace_run FROM edge_scopes WHERE scope = ?', [
      scope,
    ]);
    const state = row ? { last_replace_at: row.last_replace_at, last_replace_run: row.last_replace_run } : null;
    this.scopes.set(scope, state);
    return state;
  }

  /** Records a scope's new replace state (written on flush). */
  writeScope(scope: string, state: ScopeState): void {
    this.scopes.set(scope, state);
    this.dirtyScopes.set(scope, state);
  }

  /** The version of `jobId` in force at `at`: its latest row created at or before `at`. */
  async jobVersionAt(tx: SqlExecutor, jobId: string, at: string): Promise<string | null> {
    let rows = this.jobs.get(jobId);
    if (!rows) {
      const loaded = await tx.all<JobVersionRow>('SELECT version, created_at, vid FROM job_versions WHERE job_id = ?', [
        jobId,
      ]);
      rows = loaded.map((row) => ({ version: row.version, created_at: row.created_at, vid: Number(row.vid) }));
      this.jobs.set(jobId, rows);
    }
    let best: JobVersionRow | null = null;
    for (const row of rows) {
      if (row.created_at > at) continue;
      if (!best || row.created_at > best.created_at || (row.created_at === best.created_at && row.vid > best.vid))
        best = row;
    }
    return best?.version ?? null;
  }

  /** Records a new job version row, columns as {@link JOB_VERSION_COLUMNS} (written on flush). */
  writeJobVersion(row: SqlValue[]): void {
    const [jobId, version, createdAt] = row;
    if (typeof jobId !== 'string' || typeof version !== 'string' || typeof createdAt !== 'string')
      throw new Error('a job version row starts with job id, version and creation time');
    this.newJobVersions.push(row);
    this.written += 1;
    this.jobs.get(jobId)?.push({ version, created_at: createdAt, vid: WRITTEN_VID_BASE + this.written });
  }

  async run(tx: SqlExecutor, runId: string): Promise<RunRow | null> {
    const known = this.runs.get(runId);
    if (known !== undefined) return known;
    const row = (await tx.get<RunRow>('SELECT * FROM runs WHERE run_id = ?', [runId])) ?? null;
    this.runs.set(runId, row);
    return row;
  }

  /** Records a run's new state, inserted or updated (written on flush). */
  writeRun(row: RunRow): void {
    this.runs.set(row.run_id, row);
    this.dirtyRuns.set(row.run_id, row);
  }
}

function normalEdge(row: OpenEdgeRow): OpenEdgeRow {
  return { ...row, eid: Number(row.eid), src: Number(row.src), dst: Number(row.dst) };
}
