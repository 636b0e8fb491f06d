import { api } from '../../api/client.js';
import { type AsyncState, useAsync } from '../../app/useAsync.js';
import { formatTime, timeAgo } from '../../components/format.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { fieldNameOf } from '../../graph/node-ids.js';
import { assertionsFromFacet, groupAssertions } from './assertion-history.js';
import { LeakageCheck } from './LeakageCheck.js';
import type { NodeDetail } from './useNodeDetail.js';

/** Quality assertions on the dataset and its columns with their results over time. */
export function QualityTab({ id, detail }: { id: string; detail: AsyncState<NodeDetail> }) {
  const node = detail.data?.node ?? null;
  const results = useAsync(
    async (signal) => {
      try {
        return await api.assertions(id, signal);
      } catch (error) {
        // Servers without the assertions route still carry the latest results in the facet.
        if (node) return assertionsFromFacet(node);
        throw error;
      }
    },
    [id, node],
  );
  const groups = results.data ? groupAssertions(results.data) : [];
  return (
    <div className="tab-page">
      {node?.subtype === 'trainingSet' ? <LeakageCheck id={id} /> : null}
      {results.status === 'error' ? (
        <ErrorState error={results.error} what="quality results" />
      ) : !results.data ? (
        <Loading label="Loading quality results" />
      ) : groups.length === 0 ? (
        <Empty title="No quality checks">
          dbt tests and dataQualityAssertions facets on this dataset show up here.
        </Empty>
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="quality-table">
            <thead>
              <tr>
                <th>Check</th>
                <th>Column</th>
                <th>Latest</th>
                <th>History</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => {
                const last = g.results[g.results.length - 1];
                return (
                  <tr key={g.key}>
                    <td className="mono">{g.assertion}</td>
                    <td className="mono muted">{g.nodeId.startsWith('datasetField:') ? fieldNameOf(g.nodeId) : '—'}</td>
                    <td>
                      <span
                        className={`badge ${g.latest === 'pass' ? 'badge-live' : g.latest === 'warn' ? 'badge-pii' : 'badge-failing'}`}
                      >
                        {g.latest}
                      </span>{' '}
                      <span className="faint">{timeAgo(last?.at)}</span>
                    </td>
                    <td>
                      <span className="history">
                        {g.results.slice(-30).map((r) => (
                          <span
                            key={r.at}
                            className={`history-dot history-${r.status}`}
                            title={`${r.status} · ${formatTime(r.at)}`}
                          />
                        ))}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
