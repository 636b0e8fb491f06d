import { useState } from 'react';
import { api } from '../../api/client.js';
import { formatHash } from '../../app/url-state.js';
import { type AsyncState, useAsync } from '../../app/useAsync.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { columnRows } from './column-rows.js';
import type { NodeDetail } from './useNodeDetail.js';

/** Columns with types, descriptions, owners, tags, PII state and assertion status; filterable. */
export function SchemaTab({ id, detail }: { id: string; detail: AsyncState<NodeDetail> }) {
  const [filter, setFilter] = useState('');
  const fields = detail.data?.fields ?? [];
  const needSchema = detail.status !== 'loading' && fields.length === 0;
  const dataset = useAsync(async (signal) => (needSchema ? api.dataset(id, signal) : null), [id, needSchema]);
  const owners = detail.data?.node.owners.map((o) => o.name) ?? [];
  const rows = columnRows(fields, dataset.data?.fields ?? [], owners).filter((row) =>
    `${row.name} ${row.description ?? ''} ${row.tags.join(' ')}`.toLowerCase().includes(filter.toLowerCase()),
  );
  if (detail.status === 'loading' || (needSchema && dataset.status === 'loading'))
    return <Loading label="Loading schema" />;
  if (needSchema && dataset.status === 'error') return <ErrorState error={dataset.error} what="schema" />;
  return (
    <div className="tab-page">
      <div className="tab-toolbar">
        <input
          className="input"
          placeholder="Filter columns"
          aria-label="Filter columns"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="faint">{rows.length} columns</span>
      </div>
      {rows.length === 0 ? (
        <Empty title={filter ? 'No column matches' : 'No schema recorded'}>
          {filter ? 'Try another filter.' : 'No run or event has described this dataset’s columns yet.'}
        </Empty>
      ) : (
        <div className="card table-wrap">
          <table className="table" data-testid="schema-table">
            <thead>
              <tr>
                <th>Column</th>
                <th>Type</th>
                <th>Description</th>
                <th>Owners</th>
                <th>Tags</th>
                <th>Quality</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <td>
                    {row.id ? (
                      <a
                        className="mono"
                        href={formatHash('/node', { id, level: 'column', col: row.id })}
                        title="Show this column's lineage"
                      >
                        {row.name}
                      </a>
                    ) : (
                      <span className="mono">{row.name}</span>
                    )}
                  </td>
                  <td className="mono muted">{row.type ?? '—'}</td>
                  <td className="muted">{row.description ?? ''}</td>
                  <td className="muted">{row.owners.join(', ') || '—'}</td>
                  <td>
                    <span className="tag-list">
                      {row.pii ? (
                        <span className="badge badge-pii">{row.pii === 'derived' ? 'PII (derived)' : 'PII'}</span>
                      ) : null}
                      {row.tags
                        .filter((t) => !['pii', 'sensitive'].includes(t.toLowerCase()))
                        .map((tag) => (
                          <span key={tag} className="tag">
                            {tag}
                          </span>
                        ))}
                    </span>
                  </td>
                  <td>
                    {row.failing > 0 ? (
                      <span className="badge badge-failing">{row.failing} failing</span>
                    ) : (
                      <span className="faint">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
