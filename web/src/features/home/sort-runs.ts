import type { RunSummary } from '../../api/schemas.js';

const RANK: Record<string, number> = { FAILED: 0, ABORTED: 1, RUNNING: 2 };

/** Failed runs first, then aborted, then running, then the rest; newest first within each group. */
export function sortRunsFailedFirst(runs: readonly RunSummary[]): RunSummary[] {
  return [...runs].sort(
    (a, b) =>
      (RANK[a.state] ?? 3) - (RANK[b.state] ?? 3) ||
      (b.startedAt ?? b.createdAt).localeCompare(a.startedAt ?? a.createdAt),
  );
}

/** Run duration in ms, or null while it has no start and end. */
export function runDuration(run: Pick<RunSummary, 'startedAt' | 'endedAt'>): number | null {
  if (!run.startedAt || !run.endedAt) return null;
  return new Date(run.endedAt).getTime() - new Date(run.startedAt).getTime();
}
