import type { AssertionResult, DatasetVersionRef, RunState } from '../model/graph.js';
import { type RunUpsert, runStateOf } from '../model/mutation.js';
import { parentNodeId, parseNodeId } from '../model/node-id.js';
import type { ApplyContext } from './apply-context.js';
import { mergeFacets } from './apply-nodes.js';
import type { RunRow } from './rows.js';

const STATE_RANK: Record<RunState, number> = { NEW: 0, OTHER: 1, RUNNING: 2, COMPLETED: 3, FAILED: 3, ABORTED: 3 };

function unionRefs(current: DatasetVersionRef[], incoming: readonly DatasetVersionRef[]): DatasetVersionRef[] {
  const out = [...current];
  const keys = new Set(out.map((r) => `${r.datasetId}|${r.version}`));
  for (const ref of incoming) {
    const key = `${ref.datasetId}|${ref.version}`;
    if (!keys.has(key)) {
      keys.add(key);
      out.push({ datasetId: ref.datasetId, version: ref.version });
    }
  }
  return out;
}

const min = (a: string | null, b: string): string => (a === null || b < a ? b : a);
const given = <T>(value: T | null | undefined, fallback: T | null): T | null =>
  value === undefined || value === null ? fallback : value;

/**
 * Merges one run observation. A terminal state wins over START/RUNNING whatever the arrival
 * order; between observations of equal rank the later event time wins. startedAt is the START
 * time (RUNNING when no START was seen), endedAt the terminal event's time.
 */
export async function applyRunUpsert(ctx: ApplyContext, upsert: RunUpsert): Promise<void> {
  const { tx } = ctx;
  const state = runStateOf(upsert.eventType);
  const terminal = STATE_RANK[state] === 3;
  const jobVersion = await ctx.cache.jobVersionAt(tx, upsert.jobId, upsert.eventTime);
  const row = await ctx.cache.run(tx, upsert.runId);
  if (!row) {
    const created: RunRow = {
      run_id: upsert.runId,
      job_id: upsert.jobId,
      state,
      state_time: upsert.eventTime,
      created_at: upsert.eventTime,
      started_at: upsert.eventType === 'START' || upsert.eventType === 'RUNNING' ? upsert.eventTime : null,
      ended_at: terminal ? upsert.eventTime : null,
      nominal_start_time: upsert.nominalStartTime ?? null,
      nominal_end_time: upsert.nominalEndTime ?? null,
      parent_run_id: upsert.parentRunId ?? null,
      facets: JSON.stringify(mergeFacets({}, upsert.facets)),
      input_versions: JSON.stringify(unionRefs([], upsert.inputVersions)),
      output_versions: JSON.stringify(unionRefs([], upsert.outputVersions)),
      job_version: jobVersion,
      error_message: upsert.errorMessage ?? null,
      state_seq: ctx.eventSeq,
      row_seq: ctx.eventSeq,
    };
    ctx.cache.writeRun(created);
    return;
  }
  const currentRank = STATE_RANK[row.state as RunState] ?? 0;
  const wins =
    STATE_RANK[state] > currentRank || (STATE_RANK[state] === currentRank && upsert.eventTime >= row.state_time);
  let startedAt = row.started_at;
  if (upsert.eventType === 'START') startedAt = min(row.started_at, upsert.eventTime);
  else if (upsert.eventType === 'RUNNING' && startedAt === null) startedAt = upsert.eventTime;
  const updated: RunRow = {
    ...row,
    state: wins ? state : row.state,
    state_time: wins ? upsert.eventTime : row.state_time,
    created_at: min(row.created_at, upsert.eventTime),
    started_at: startedAt,
    ended_at: terminal && wins ? upsert.eventTime : row.ended_at,
    nominal_start_time: given(upsert.nominalStartTime, row.nominal_start_time),
    nominal_end_time: given(upsert.nominalEndTime, row.nominal_end_time),
    parent_run_id: given(upsert.parentRunId, row.parent_run_id),
    facets: JSON.stringify(mergeFacets(JSON.parse(row.facets), upsert.facets)),
    input_versions: JSON.stringify(unionRefs(JSON.parse(row.input_versions), upsert.inputVersions)),
    output_versions: JSON.stringify(unionRefs(JSON.parse(row.output_versions), upsert.outputVersions)),
    job_version:
      upsert.eventTime >= row.state_time || row.job_version === null
        ? (jobVersion ?? row.job_version)
        : row.job_version,
    error_message: given(upsert.errorMessage, row.error_message),
    state_seq: wins ? ctx.eventSeq : row.state_seq,
    row_seq: ctx.eventSeq,
  };
  ctx.cache.writeRun(updated);
}

/** Records an assertion result, tagged with the event-log record that carried it. */
export async function applyAssertionResult(
  ctx: ApplyContext,
  result: Omit<AssertionResult, 'eventSeq'>,
): Promise<void> {
  let datasetId: string | null = null;
  const ref = parseNodeId(result.nodeId);
  if (ref.kind === 'dataset') datasetId = result.nodeId;
  else if (ref.kind === 'datasetField' || ref.kind === 'assertion') datasetId = parentNodeId(ref);
  await ctx.tx.run(
    `INSERT INTO assertion_results (node_id, dataset_id, assertion, status, at, run_id, severity, details, event_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      result.nodeId,
      datasetId,
      result.assertion,
      result.status,
      result.at,
      result.runId,
      result.severity,
      JSON.stringify(result.details),
      ctx.eventSeq,
    ],
  );
}
