import { useState } from 'react';
import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { NodeLink } from '../../components/NodeLink.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { impactToCsv, sortAffected, summaryLabel } from './impact-csv.js';

const CHANGES = [
  { key: '', label: 'Any change' },
  { key: 'drop', label: 'Drop' },
  { key: 'rename', label: 'Rename' },
  { key: 'retype', label: 'Retype' },
];

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** What a change to the node would break downstream: models, deployments and owners first. */
export function ImpactPanel({ nodeId, asOf }: { nodeId: string; asOf: string | null }) {
  const [change, setChange] = useState('');
  const impact = useAsync((signal) => api.impact(nodeId, change || null, asOf, signal), [nodeId, change, asOf]);
  const report = impact.data;
  const affected = report ? sortAffected(report.affected) : [];
  return (
    <div className="panel-section" data-testid="impact-panel">
      <div className="panel-controls">
        <select
          className="select select-small"
          value={change}
          onChange={(event) => setChange(event.target.value)}
          aria-label="Kind of change"
        >
          {CHANGES.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-small"
          disabled={affected.length === 0}
          onClick={() => download(`impact-${nodeId.replaceAll(/[^\w.-]+/g, '_')}.csv`, impactToCsv(affected))}
        >
          Download CSV
        </button>
      </div>
      {impact.status === 'error' ? (
        <ErrorState error={impact.error} what="impact analysis" />
      ) : !report || impact.status === 'loading' ? (
        <Loading label="Analysing impact" />
      ) : affected.length === 0 ? (
        <Empty title="Nothing downstream">No column, dataset, model or deployment depends on this node.</Empty>
      ) : (
        <>
          <div className="summary-chips">
            {Object.entries(report.summary).map(([kind, count]) => (
              <span key={kind} className="summary-chip">
                <strong>{count}</strong> {summaryLabel(kind, count)}
              </span>
            ))}
            {report.partial ? <span className="badge badge-pii">partial</span> : null}
          </div>
          {report.owners.length > 0 ? (
            <p className="panel-owners">
              <span className="faint">Owners to notify: </span>
              {report.owners.join(', ')}
            </p>
          ) : null}
          <ul className="affected-list">
            {affected.slice(0, 200).map((a) => (
              <li key={a.id} className="affected-item">
                <div className="affected-top">
                  <NodeLink id={a.id} label={a.name && a.kind !== 'datasetField' ? a.name : undefined} />
                  {a.live ? <span className="badge badge-live">live</span> : null}
                  <span className={`badge sev-${a.severity}`}>{a.severity}</span>
                </div>
                <div className="affected-meta faint">
                  {a.depth} step{a.depth === 1 ? '' : 's'} down
                  {a.owners.length > 0 ? ` · ${a.owners.join(', ')}` : ''}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
