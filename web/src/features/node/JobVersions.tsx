import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { formatTime } from '../../components/format.js';
import { NodeLink } from '../../components/NodeLink.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';

/** A job's versions: what each read and wrote, and its SQL. */
export function JobVersions({ id }: { id: string }) {
  const versions = useAsync((signal) => api.jobVersions(id, signal), [id]);
  if (versions.status === 'error') return <ErrorState error={versions.error} what="versions" />;
  if (!versions.data) return <Loading label="Loading versions" />;
  const list = versions.data.versions;
  if (list.length === 0)
    return <Empty title="No versions yet">A job gets a version when its inputs, outputs or SQL change.</Empty>;
  return (
    <div className="tab-page versions">
      {list.map((v, i) => {
        const sql = typeof v.context?.sql === 'string' ? v.context.sql : null;
        return (
          <section key={v.version} className="card">
            <div className="card-header">
              <h2>
                v{list.length - i} <span className="faint mono">{v.version.slice(0, 8)}</span>
              </h2>
              <span className="faint">{formatTime(v.createdAt)}</span>
            </div>
            <div className="card-body io-grid">
              <div>
                <h3 className="faint">Reads</h3>
                {v.inputs.map((d) => (
                  <div key={`${d.namespace}:${d.name}`}>
                    <NodeLink id={`dataset:${d.namespace}:${d.name}`} />
                  </div>
                ))}
              </div>
              <div>
                <h3 className="faint">Writes</h3>
                {v.outputs.map((d) => (
                  <div key={`${d.namespace}:${d.name}`}>
                    <NodeLink id={`dataset:${d.namespace}:${d.name}`} />
                  </div>
                ))}
              </div>
            </div>
            {sql ? <pre className="sql">{sql}</pre> : null}
          </section>
        );
      })}
    </div>
  );
}
