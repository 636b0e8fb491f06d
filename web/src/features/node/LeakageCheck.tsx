import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { NodeLink } from '../../components/NodeLink.js';
import { ErrorState, Loading } from '../../components/StateView.js';

/** Label leakage findings for a training set: features whose lineage shares a source with the label. */
export function LeakageCheck({ id }: { id: string }) {
  const leakage = useAsync((signal) => api.leakage(id, null, signal), [id]);
  return (
    <section className="card leakage" aria-labelledby="leakage-title">
      <div className="card-header">
        <h2 id="leakage-title">Label leakage</h2>
        {leakage.data ? (
          <span className={`badge ${leakage.data.findings.length > 0 ? 'badge-failing' : 'badge-live'}`}>
            {leakage.data.findings.length > 0
              ? `${leakage.data.findings.length} finding${leakage.data.findings.length > 1 ? 's' : ''}`
              : 'no leak found'}
          </span>
        ) : null}
      </div>
      {leakage.status === 'error' ? (
        <ErrorState error={leakage.error} what="leakage check" />
      ) : !leakage.data ? (
        <Loading label="Checking for label leakage" />
      ) : leakage.data.findings.length === 0 ? null : (
        <ul className="card-body leak-list">
          {leakage.data.findings.map((f) => (
            <li key={f.feature}>
              <NodeLink id={f.feature} /> <span className="faint">shares</span>{' '}
              {f.shared.map((s) => (
                <NodeLink key={s} id={s} />
              ))}{' '}
              <span className="faint">with the label</span> <NodeLink id={f.label} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
