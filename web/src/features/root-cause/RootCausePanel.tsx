import { useState } from 'react';
import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { formatTime, timeAgo } from '../../components/format.js';
import { NodeLink } from '../../components/NodeLink.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';

const WINDOWS = [
  { key: '1', label: 'Last 24 hours' },
  { key: '7', label: 'Last 7 days' },
  { key: '30', label: 'Last 30 days' },
  { key: '365', label: 'Last year' },
];

const KIND_LABEL: Record<string, string> = {
  incident: 'Open incident',
  failed_run: 'Failed run',
  failed_assertion: 'Failed assertion',
  schema_change: 'Schema change',
  lineage_change: 'Lineage change',
  stale_input: 'Stale input',
};

/** Ranked upstream causes of trouble in a time window, each with the evidence that backs it. */
export function RootCausePanel({ nodeId }: { nodeId: string }) {
  const [days, setDays] = useState('30');
  const since = new Date(Date.now() - Number(days) * 86_400_000).toISOString().slice(0, 13);
  const report = useAsync((signal) => api.rootCause(nodeId, `${since}:00:00Z`, signal), [nodeId, since]);
  const data = report.data;
  const top = data ? Math.max(...data.candidates.map((c) => c.score), 1) : 1;
  return (
    <div className="panel-section" data-testid="root-cause-panel">
      <div className="panel-controls">
        <select
          className="select select-small"
          value={days}
          onChange={(event) => setDays(event.target.value)}
          aria-label="Time window"
        >
          {WINDOWS.map((w) => (
            <option key={w.key} value={w.key}>
              {w.label}
            </option>
          ))}
        </select>
        {data ? <span className="faint">{data.upstreamNodes ?? 0} upstream nodes checked</span> : null}
      </div>
      {report.status === 'error' ? (
        <ErrorState error={report.error} what="root-cause analysis" />
      ) : !data || report.status === 'loading' ? (
        <Loading label="Looking upstream" />
      ) : data.candidates.length === 0 ? (
        <Empty title="No suspects upstream">
          No failed runs, failing assertions, schema or lineage changes, or stale inputs in this window.
        </Empty>
      ) : (
        <ol className="cause-list">
          {data.candidates.map((cause, index) => (
            <li key={`${cause.kind}-${cause.node}-${cause.at}`} className="cause-item">
              <div className="cause-top">
                <span className="cause-rank">{index + 1}</span>
                <span className={`badge cause-${cause.kind}`}>{KIND_LABEL[cause.kind] ?? cause.kind}</span>
                <span className="cause-score" title={`score ${cause.score.toFixed(2)}`}>
                  <span style={{ width: `${Math.max(6, (cause.score / top) * 100)}%` }} />
                </span>
              </div>
              <div className="cause-summary">{cause.summary}</div>
              <div className="cause-meta faint">
                <NodeLink id={cause.node} /> · {cause.distance} step{cause.distance === 1 ? '' : 's'} up ·{' '}
                {timeAgo(cause.at)}
              </div>
              {cause.evidence.length > 0 ? (
                <details className="cause-evidence">
                  <summary>Evidence ({cause.evidence.length})</summary>
                  <ul>
                    {cause.evidence.map((e) => (
                      <li key={`${e.at}-${e.detail}`}>
                        <span className="faint">{formatTime(e.at)}</span> {e.detail}
                        {e.eventSeq !== undefined ? <span className="faint"> · event #{e.eventSeq}</span> : null}
                        {e.runId ? <span className="faint"> · run {e.runId.slice(0, 8)}</span> : null}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
