import { USUAL_INTERVAL_VERSIONS, usualInterval } from '../model/time.js';
import { SingleFlight } from './single-flight.js';
import type { SqlDriver, SqlExecutor } from './sql-driver.js';
import { grow } from './typed-arrays.js';
import type { Watermarks } from './watermarks.js';

/**
 * An in-memory index of what root cause looks for upstream, by node key: every dataset version's
 * time and schema hash (typed arrays, a list per dataset newest first), failed or aborted runs by
 * job, and failed assertion results by dataset. Root cause over hundreds of upstream nodes then
 * reads the database only for the few causes it finds.
 *
 * Kept exact across processes the way the traversal index is: versions and assertion results are
 * only ever inserted, under the write lock, so their row ids grow in commit order; every write of
 * a run stamps its `row_seq` with the event-log record that made it, and event-log numbers grow in
 * commit order too. `refresh()` reads the rows past the last id and sequence seen: three indexed
 * queries, skipped when the watermarks say nothing was written.
 */

/** A failed or aborted run as root cause cites it: when it failed, and the record that said so. */
export interface RunStamp {
  runId: string;
  state: 'FAILED' | 'ABORTED';
  createdAt: string;
  endedAt: string | null;
  errorMessage: string | null;
  /** When it failed (ended, else was created), epoch ms. */
  atMs: number;
  /** The record whose observation set its failed state; null for runs recorded before migration 13 and not changed since. */
  eventSeq: number | null;
}

/** A failed assertion result: its row id (`assertion_results.aid`) and time. */
export interface AssertionStamp {
  aid: number;
  atMs: number;
}

const BATCH = 10_000;
const NONE = -1;
// Most upstream nodes have no failure: one shared empty answer instead of a new array each.
const NOTHING: readonly never[] = [];
const FAILED_STATES = "('FAILED', 'ABORTED')";

// Each feed maps the row's node id to its key; a row whose node is missing is passed over.
const VERSION_FEED_SQL = `SELECT v.vid, n.nid, v.created_at, v.schema_hash FROM dataset_versions v
  LEFT JOIN nodes n ON n.id = v.dataset_id WHERE v.vid > ? ORDER BY v.vid LIMIT ?`;
const RUN_COLUMNS =
  'r.run_id, n.nid, r.state, COALESCE(r.ended_at, r.created_at) AS at, r.state_seq, r.row_seq, r.created_at, r.ended_at, r.error_message';
const RUN_FEED_SQL = `SELECT ${RUN_COLUMNS} FROM runs r LEFT JOIN nodes n ON n.id = r.job_id
  WHERE r.row_seq > ? ORDER BY r.row_seq LIMIT ?`;
const FAILED_RUNS_SQL = `SELECT ${RUN_COLUMNS} FROM runs r JOIN nodes n ON n.id = r.job_id
  WHERE r.state IN ${FAILED_STATES}`;
const ASSERTION_FEED_SQL = `SELECT a.aid, n.nid, a.at, a.status FROM assertion_results a
  LEFT JOIN nodes n ON n.id = a.dataset_id WHERE a.aid > ? ORDER BY a.aid LIMIT ?`;
const FAILED_ASSERTIONS_SQL = `SELECT a.aid, n.nid, a.at, a.status FROM assertion_results a
  JOIN nodes n ON n.id = a.dataset_id WHERE a.status = 'fail' AND a.aid <= ?`;

type Db = SqlExecutor & Pick<SqlDriver, 'allRaw'>;

export class ActivityIndex {
  // Versions: one slot each; `older` links a dataset's versions newest first from `newest[key]`.
  private versions = 0;
  private vid = new Float64Array(0);
  private createdMs = new Float64Array(0);
  private hash = new Int32Array(0);
  private older = new Int32Array(0);
  private newest = new Int32Array(0);
  private readonly hashes: string[] = [];
  private readonly times = new Float64Array(USUAL_INTERVAL_VERSIONS);
  private readonly hashCodes = new Map<string, number>();
  private readonly failedRuns = new Map<number, RunStamp[]>();
  private readonly jobOfFailedRun = new Map<string, number>();
  private readonly failedAssertions = new Map<number, AssertionStamp[]>();
  private lastVid = 0;
  private lastRunSeq = -1;
  private lastAid = -1;
  private readonly refreshing = new SingleFlight(() => this.pull());

  constructor(private readonly db: Db) {}

  /**
   * Catches up with every version, run and assertion result committed since the last refresh;
   * nothing to read when `upTo`, the newest of each the caller read, was seen already.
   */
  refresh(upTo?: Pick<Watermarks, 'versions' | 'runs' | 'assertions'>): Promise<void> {
    const current =
      upTo !== undefined &&
      upTo.versions <= this.lastVid &&
      upTo.runs <= this.lastRunSeq &&
      upTo.assertions <= this.lastAid;
    return this.refreshing.runUnless(current);
  }

  /** How many dataset versions, failed or aborted runs and failed assertion results it holds. */
  get sizes(): { datasetVersions: number; failedRuns: number; failedAssertions: number } {
    let failedAssertions = 0;
    for (const results of this.failedAssertions.values()) failedAssertions += results.length;
    return { datasetVersions: this.versions, failedRuns: this.jobOfFailedRun.size, failedAssertions };
  }

  /** Resolves when no refresh is running (errors go to the refresh's own caller). */
  settle(): Promise<void> {
    return this.refreshing.settle();
  }

  /**
   * Calls `visit` with the row id and time of each version, and the row id of the version before it, among the
   * dataset's `limit` newest by `untilMs`, that was created after `sinceMs` and whose schema hash
   * differs from the one before.
   */
  forEachSchemaChange(
    key: number,
    sinceMs: number,
    untilMs: number,
    limit: number,
    visit: (vid: number, beforeVid: number, createdMs: number) => void,
  ): void {
    let slot = this.newestBy(key, untilMs);
    for (let seen = 1; slot !== NONE && seen < limit; seen++) {
      const before = this.older[slot] ?? NONE;
      if (before === NONE || (this.createdMs[slot] ?? 0) <= sinceMs) return;
      if (this.hash[slot] !== this.hash[before])
        visit(this.vid[slot] ?? 0, this.vid[before] ?? 0, this.createdMs[slot] ?? 0);
      slot = before;
    }
  }

  /** Row id of the dataset's version in force at `untilMs` (its newest created by then); -1 when it has none. */
  versionAt(key: number, untilMs: number): number {
    const slot = this.newestBy(key, untilMs);
    return slot === NONE ? NONE : (this.vid[slot] ?? NONE);
  }

  /** Epoch ms of the dataset's newest version created by `untilMs`; NaN when it has none. */
  newestVersionMs(key: number, untilMs: number): number {
    const slot = this.newestBy(key, untilMs);
    return slot === NONE ? Number.NaN : (this.createdMs[slot] ?? Number.NaN);
  }

  /** The usual interval ({@link usualInterval}) of the dataset's newest versions by `untilMs`. */
  usualIntervalOf(key: number, untilMs: number): number | null {
    let count = 0;
    for (let slot = this.newestBy(key, untilMs); slot !== NONE && count < USUAL_INTERVAL_VERSIONS; count++) {
      this.times[count] = this.createdMs[slot] ?? 0;
      slot = this.older[slot] ?? NONE;
    }
    return count < 3 ? null : usualInterval(this.times.subarray(0, count));
  }

  private newestBy(key: number, untilMs: number): number {
    let slot = key < this.newest.length ? (this.newest[key] ?? NONE) : NONE;
    while (slot !== NONE && (this.createdMs[slot] ?? 0) > untilMs) slot = this.older[slot] ?? NONE;
    return slot;
  }

  /** Failed or aborted runs of the job whose failure time is in [sinceMs, untilMs]. */
  failedRunsOf(key: number, sinceMs: number, untilMs: number): readonly RunStamp[] {
    const runs = this.failedRuns.get(key);
    if (!runs) return NOTHING;
    return runs.filter((run) => run.atMs >= sinceMs && run.atMs <= untilMs);
  }

  /** Failed assertion results on the dataset or its fields in [sinceMs, untilMs]. */
  failedAssertionsOf(key: number, sinceMs: number, untilMs: number): readonly AssertionStamp[] {
    const results = this.failedAssertions.get(key);
    if (!results) return NOTHING;
    return results.filter((result) => result.atMs >= sinceMs && result.atMs <= untilMs);
  }

  private async pull(): Promise<void> {
    if (this.lastRunSeq < 0) await this.loadFailures();
    [this.lastVid, this.lastRunSeq, this.lastAid] = await Promise.all([
      this.drain(VERSION_FEED_SQL, this.lastVid, 0, (row) => this.putVersion(row)),
      this.drain(RUN_FEED_SQL, this.lastRunSeq, 5, (row) => this.putRun(row)),
      this.drain(ASSERTION_FEED_SQL, this.lastAid, 0, (row) => this.putAssertion(row)),
    ]);
  }

  /** Reads a feed past `after` in batches; returns the marker (column `mark`) of the last row read. */
  private async drain(
    sql: string,
    after: number,
    mark: number,
    put: (row: readonly unknown[]) => void,
  ): Promise<number> {
    let last = after;
    for (;;) {
      const rows = await this.db.allRaw(sql, [last, BATCH]);
      for (const row of rows) put(row);
      const end = rows[rows.length - 1];
      if (end) last = Number(end[mark]);
      if (rows.length < BATCH) return last;
    }
  }

  /**
   * First load of runs and assertion results: only the failed ones (a few among millions), with
   * the feeds' markers read first, so a row written meanwhile is read again by the feed, not lost.
   */
  private async loadFailures(): Promise<void> {
    const marks = await this.db.get<{ seq: number | null; aid: number | null }>(
      'SELECT (SELECT MAX(row_seq) FROM runs) AS seq, (SELECT MAX(aid) FROM assertion_results) AS aid',
    );
    const seq = Number(marks?.seq ?? 0);
    const aid = Number(marks?.aid ?? 0);
    const [runs, results] = await Promise.all([
      this.db.allRaw(FAILED_RUNS_SQL),
      this.db.allRaw(FAILED_ASSERTIONS_SQL, [aid]),
    ]);
    for (const row of runs) this.putRun(row);
    for (const row of results) this.putAssertion(row);
    this.lastRunSeq = seq;
    this.lastAid = aid;
  }

  /** Row: vid, dataset key (null without a node), created_at, schema_hash. */
  private putVersion(row: readonly unknown[]): void {
    if (row[1] === null || row[1] === undefined) return;
    const key = Number(row[1]);
    const slot = this.versions++;
    if (slot >= this.vid.length) {
      this.vid = grow(this.vid, slot + 1);
      this.createdMs = grow(this.createdMs, slot + 1);
      this.hash = grow(this.hash, slot + 1);
      this.older = grow(this.older, slot + 1, NONE);
    }
    this.newest = grow(this.newest, key + 1, NONE);
    this.vid[slot] = Number(row[0]);
    this.createdMs[slot] = Date.parse(String(row[2]));
    this.hash[slot] = this.hashCode(String(row[3]));
    // Newest first by (time, vid): a new version is nearly always the newest, found at once.
    let before = NONE;
    let at = this.newest[key] ?? NONE;
    while (at !== NONE && this.isNewer(at, slot)) {
      before = at;
      at = this.older[at] ?? NONE;
    }
    this.older[slot] = at;
    if (before === NONE) this.newest[key] = slot;
    else this.older[before] = slot;
  }

  private isNewer(a: number, b: number): boolean {
    const ta = this.createdMs[a] ?? 0;
    const tb = this.createdMs[b] ?? 0;
    return ta > tb || (ta === tb && (this.vid[a] ?? 0) > (this.vid[b] ?? 0));
  }

  private hashCode(hash: string): number {
    let code = this.hashCodes.get(hash);
    if (code === undefined) {
      code = this.hashes.push(hash) - 1;
      this.hashCodes.set(hash, code);
    }
    return code;
  }

  /**
   * Row: run_id, job key, state, failure (or creation) time, state_seq, row_seq, created_at,
   * ended_at, error_message. A run that no longer failed is dropped.
   */
  private putRun(row: readonly unknown[]): void {
    const runId = String(row[0]);
    const previous = this.jobOfFailedRun.get(runId);
    if (previous !== undefined) {
      const list = (this.failedRuns.get(previous) ?? []).filter((run) => run.runId !== runId);
      if (list.length > 0) this.failedRuns.set(previous, list);
      else this.failedRuns.delete(previous);
      this.jobOfFailedRun.delete(runId);
    }
    const state = row[2];
    if (row[1] === null || row[1] === undefined || (state !== 'FAILED' && state !== 'ABORTED')) return;
    const key = Number(row[1]);
    const run: RunStamp = {
      runId,
      state,
      createdAt: String(row[6]),
      endedAt: row[7] === null || row[7] === undefined ? null : String(row[7]),
      errorMessage: row[8] === null || row[8] === undefined ? null : String(row[8]),
      atMs: Date.parse(String(row[3])),
      eventSeq: row[4] === null || row[4] === undefined ? null : Number(row[4]),
    };
    pushTo(this.failedRuns, key, run);
    this.jobOfFailedRun.set(runId, key);
  }

  /** Row: aid, dataset key (null when the result is on no dataset), at, status. */
  private putAssertion(row: readonly unknown[]): void {
    if (row[1] === null || row[1] === undefined || row[3] !== 'fail') return;
    pushTo(this.failedAssertions, Number(row[1]), { aid: Number(row[0]), atMs: Date.parse(String(row[2])) });
  }
}

function pushTo<V>(map: Map<number, V[]>, key: number, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
