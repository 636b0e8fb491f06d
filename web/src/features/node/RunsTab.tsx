import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { formatDuration, formatTime, timeAgo } from '../../components/format.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import type { NodeKind } from '../../graph/lineage-types.js';

interface RunRow {
  id: string;
  state: string;
  startedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

function errorOf(facets: Record<string, unknown> | null | undefined): string | null {
  const facet = facets?.errorMessage;
  if (typeof facet === 'object' && facet !== null && 'message' in facet && typeof facet.message === 'string')
    return facet.message;
  return null;
}

async function loadRuns(id: string, kind: NodeKind | null, signal: AbortSignal): Promise<RunRow[]> {
  if (kind === 'job') {
    const { runs } = await api.jobRuns(id, signal);
    return runs.map((r) => ({
      id: r.id,
      state: r.state,
      startedAt: r.startedAt ?? r.createdAt ?? null,
      durationMs: r.durationMs ?? null,
      error: errorOf(r.facets),
    }));
  }
  const { versions } = await api.datasetVersions(id, signal);
  return versions.flatMap((v) => {
    const r = v.createdByRun;
    return r
      ? [
          {
            id: r.id,
            state: r.state,
            startedAt: r.startedAt ?? r.createdAt ?? null,
            durationMs: r.durationMs ?? null,
            error: errorOf(r.facets),
          },
        ]
      : [];
  });
}

/** Runs of a job, or the runs that wrote a dataset: state, start, duration and error. */
export function RunsTab({ id, kind }: { id: string; kind: NodeKind | null }) {
  const runs = useAsync((signal) => loadRuns(id, kind, signal), [id, kind]);
  if (runs.status === 'error') return <ErrorState error={runs.error} what="runs" />;
  if (!runs.data) return <Loading label="Loading runs" />;
  if (runs.data.length === 0)
    return <Empty title="No runs recorded">Runs appear here as OpenLineage events arrive.</Empty>;
  return (
    <div className="tab-page">
      <div className="card table-wrap">
        <table className="table" data-testid="runs-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>State</th>
              <th>Started</th>
              <th>Duration</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.map((run) => (
              <tr key={run.id}>
                <td className="mono" title={run.id}>
                  {run.id.slice(0, 8)}
                </td>
                <td>
                  <span className={`badge state-${run.state}`}>{run.state.toLowerCase()}</span>
                </td>
                <td className="muted" title={formatTime(run.startedAt)}>
                  {timeAgo(run.startedAt)}
                </td>
                <td className="muted">{formatDuration(run.durationMs)}</td>
                <td className="run-error">{run.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
