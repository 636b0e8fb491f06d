import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { useLiveEvents } from '../../app/useLiveEvents.js';
import { formatDuration, timeAgo } from '../../components/format.js';
import { NodeLink } from '../../components/NodeLink.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { runDuration, sortRunsFailedFirst } from './sort-runs.js';

/** The latest runs across all jobs, failed first, with their error message. */
export function RecentRuns() {
  const live = useLiveEvents(['run']);
  const runs = useAsync((signal) => api.runs({ limit: 50 }, signal), [live]);
  const sorted = runs.data ? sortRunsFailedFirst(runs.data).slice(0, 25) : [];
  const failed = runs.data?.filter((r) => r.state === 'FAILED' || r.state === 'ABORTED').length ?? 0;
  return (
    <section className="card" aria-labelledby="recent-runs">
      <div className="card-header">
        <h2 id="recent-runs">Recent runs</h2>
        {runs.data ? (
          <span className={`badge ${failed > 0 ? 'badge-failing' : 'badge-live'}`}>
            {failed > 0 ? `${failed} failed` : 'all healthy'}
          </span>
        ) : null}
      </div>
      {runs.status === 'error' ? (
        <ErrorState error={runs.error} what="runs" />
      ) : runs.status === 'loading' && !runs.data ? (
        <Loading label="Loading runs" />
      ) : sorted.length === 0 ? (
        <Empty title="No runs yet">Point an OpenLineage producer at this server to see its runs here.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="recent-runs">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Started</th>
                <th>Duration</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((run) => (
                <tr key={run.runId}>
                  <td>
                    <NodeLink id={run.jobId} tab="runs" />
                    {run.errorMessage ? <div className="run-error">{run.errorMessage}</div> : null}
                  </td>
                  <td>
                    <span className={`badge state-${run.state}`}>{run.state.toLowerCase()}</span>
                  </td>
                  <td className="muted nowrap">{timeAgo(run.startedAt ?? run.createdAt)}</td>
                  <td className="muted nowrap">{formatDuration(runDuration(run))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
