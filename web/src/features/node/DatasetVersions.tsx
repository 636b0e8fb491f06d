import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { useRoute, useSetParams } from '../../app/useRoute.js';
import { formatTime, timeAgo } from '../../components/format.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { diffSchema } from './schema-diff.js';

/** A dataset's versions, newest first, and a schema diff between any two of them (kept in the URL). */
export function DatasetVersions({ id }: { id: string }) {
  const { params } = useRoute();
  const setParams = useSetParams();
  const versions = useAsync((signal) => api.datasetVersions(id, signal), [id]);
  if (versions.status === 'error') return <ErrorState error={versions.error} what="versions" />;
  if (!versions.data) return <Loading label="Loading versions" />;
  const list = versions.data.versions;
  if (list.length === 0)
    return (
      <Empty title="No versions yet">
        A version is recorded each time a run writes this dataset or its schema changes.
      </Empty>
    );
  const newer = list.find((v) => v.version === params.get('vb')) ?? list[0];
  // By default compare with the latest version whose schema differs, where there is something to see.
  const differs = list.find((v) => newer && diffSchema(v.fields, newer.fields).some((c) => c.kind !== 'unchanged'));
  const older = list.find((v) => v.version === params.get('va')) ?? differs ?? list[1] ?? list[0];
  const changes = older && newer ? diffSchema(older.fields, newer.fields) : [];
  const changed = changes.filter((c) => c.kind !== 'unchanged');
  const label = (v: (typeof list)[number], i: number) => `v${list.length - i} · ${formatTime(v.createdAt)}`;
  return (
    <div className="tab-page versions">
      <div className="card">
        <div className="card-header">
          <h2>Schema diff</h2>
          <div className="diff-pickers">
            <select
              className="select select-small"
              aria-label="Older version"
              value={older?.version}
              onChange={(e) => setParams({ va: e.target.value }, { replace: true })}
            >
              {list.map((v, i) => (
                <option key={v.version} value={v.version}>
                  {label(v, i)}
                </option>
              ))}
            </select>
            <span className="faint">→</span>
            <select
              className="select select-small"
              aria-label="Newer version"
              value={newer?.version}
              onChange={(e) => setParams({ vb: e.target.value }, { replace: true })}
            >
              {list.map((v, i) => (
                <option key={v.version} value={v.version}>
                  {label(v, i)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {changed.length === 0 ? (
          <Empty title="Same schema">These two versions have identical columns.</Empty>
        ) : (
          <table className="table" data-testid="schema-diff">
            <tbody>
              {changed.map((c) => (
                <tr key={`${c.kind}-${c.name}`} className={`diff-${c.kind}`}>
                  <td className="diff-mark">{c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'}</td>
                  <td className="mono">{c.name}</td>
                  <td className="mono muted">
                    {c.kind === 'retyped' ? `${c.from ?? '?'} → ${c.to ?? '?'}` : (c.type ?? '')}
                  </td>
                  <td className="muted">{c.kind}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <div className="card-header">
          <h2>History</h2>
          <span className="faint">{list.length} versions</span>
        </div>
        <table className="table">
          <thead>
            <tr>
              <th>Version</th>
              <th>Created</th>
              <th>Columns</th>
              <th>Written by run</th>
            </tr>
          </thead>
          <tbody>
            {list.map((v, i) => (
              <tr key={v.version}>
                <td className="mono" title={v.version}>
                  v{list.length - i} <span className="faint">{v.version.slice(0, 8)}</span>
                </td>
                <td className="muted" title={formatTime(v.createdAt)}>
                  {timeAgo(v.createdAt)}
                </td>
                <td>{v.fields.length}</td>
                <td>
                  {v.createdByRun ? (
                    <span className={`badge state-${v.createdByRun.state}`}>{v.createdByRun.state.toLowerCase()}</span>
                  ) : (
                    <span className="faint">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
