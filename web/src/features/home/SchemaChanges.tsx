import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { useLiveEvents } from '../../app/useLiveEvents.js';
import { timeAgo } from '../../components/format.js';
import { NodeLink } from '../../components/NodeLink.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { fieldNameOf } from '../../graph/node-ids.js';

const WINDOW_DAYS = 30;

/** Columns dropped, renamed or retyped lately that have downstream consumers, newest first. */
export function SchemaChanges() {
  const live = useLiveEvents(['version']);
  const changes = useAsync(
    (signal) => api.changes(new Date(Date.now() - WINDOW_DAYS * 86_400_000).toISOString(), signal),
    [live],
  );
  const list = changes.data ? [...changes.data].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 12) : [];
  return (
    <section className="card" aria-labelledby="changes-title">
      <div className="card-header">
        <h2 id="changes-title">Schema changes</h2>
        <span className="faint">last {WINDOW_DAYS} days</span>
      </div>
      {changes.status === 'error' ? (
        <ErrorState error={changes.error} what="schema changes" />
      ) : !changes.data ? (
        <Loading label="Loading schema changes" />
      ) : list.length === 0 ? (
        <Empty title="No breaking schema changes">
          Dropped, renamed and retyped columns with consumers show up here.
        </Empty>
      ) : (
        <ul className="change-list">
          {list.map((change) => (
            <li key={`${change.dataset}-${change.column}-${change.at}`} className="change-item">
              <div className="change-top">
                <span className={`badge ${change.change === 'drop' ? 'badge-failing' : 'badge-pii'}`}>
                  {change.change}
                </span>
                <NodeLink id={change.dataset} tab="versions" />
                <span className="faint nowrap">{timeAgo(change.at)}</span>
              </div>
              <div className="change-detail">
                <code>{change.column.startsWith('datasetField:') ? fieldNameOf(change.column) : change.column}</code>
                {change.detail ? <span className="muted"> → {change.detail}</span> : null}
                <span className="faint"> · {change.impacted.length} downstream</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
