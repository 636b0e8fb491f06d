import { api } from '../../api/client.js';
import { type AsyncState, useAsync } from '../../app/useAsync.js';
import { formatTime, formatValue } from '../../components/format.js';
import { NodeLink } from '../../components/NodeLink.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { isLiveDeployment } from '../../graph/node-badges.js';
import { KeyValues } from './KeyValues.js';
import type { NodeDetail } from './useNodeDetail.js';

/** Shown elsewhere on the page (params, metrics, the training-set link) or internal (content hash). */
const HIDDEN_ATTRIBUTES = ['params', 'metrics', 'trainingSet', 'contentHash'];

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : {};
}

async function loadNeighbours(id: string, kind: string, signal: AbortSignal) {
  const [up, down] = await Promise.all([
    api.lineage({ node: id, direction: 'upstream', depth: 1, level: 'dataset' }, signal),
    api.lineage({ node: id, direction: 'downstream', depth: 1, level: 'dataset' }, signal),
  ]);
  const versions =
    kind === 'model'
      ? (
          await api.search(id.slice('model:'.length).split(':').pop() ?? '', ['modelVersion'], 100, signal)
        ).items.filter((n) => n.id.startsWith(`modelVersion:${id.slice('model:'.length)}:`))
      : [];
  return {
    trainingSets: up.nodes.filter((n) => n.kind === 'dataset' && n.depth === 1),
    servedBy: up.nodes.filter((n) => n.kind === 'modelVersion' && n.depth === 1),
    deployments: down.nodes.filter((n) => n.kind === 'deployment' && n.depth === 1),
    versions,
  };
}

/** Model details: params, metrics, code version, training set, versions and deployments. */
export function ModelTab({ id, detail }: { id: string; detail: AsyncState<NodeDetail> }) {
  const node = detail.data?.node ?? null;
  const kind = node?.kind ?? id.slice(0, id.indexOf(':'));
  const related = useAsync((signal) => loadNeighbours(id, kind, signal), [id, kind]);
  const attributes = node?.attributes ?? {};
  const data = related.data;
  return (
    <div className="tab-page model-grid">
      <section className="card">
        <div className="card-header">
          <h2>{kind === 'deployment' ? 'Serving' : 'Details'}</h2>
        </div>
        <div className="card-body">
          {detail.status === 'error' ? <ErrorState error={detail.error} what="model details" /> : null}
          <KeyValues
            entries={Object.entries(attributes)
              .filter(([k]) => !HIDDEN_ATTRIBUTES.includes(k))
              .map(([k, v]) => [k, formatValue(v)])}
            empty="No details recorded."
          />
        </div>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Params</h2>
        </div>
        <div className="card-body">
          <KeyValues
            entries={Object.entries(record(attributes.params)).map(([k, v]) => [k, formatValue(v)])}
            empty="No params."
          />
        </div>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Metrics</h2>
        </div>
        <div className="card-body">
          <KeyValues
            entries={Object.entries(record(attributes.metrics)).map(([k, v]) => [k, formatValue(v)])}
            empty="No metrics."
          />
        </div>
      </section>
      <section className="card model-related">
        <div className="card-header">
          <h2>Related</h2>
        </div>
        <div className="card-body">
          {related.status === 'error' ? (
            <ErrorState error={related.error} what="related nodes" />
          ) : !data ? (
            <Loading label="Loading related nodes" />
          ) : data.trainingSets.length + data.servedBy.length + data.deployments.length + data.versions.length === 0 ? (
            <Empty title="Nothing linked yet" />
          ) : (
            <dl className="facts">
              {data.trainingSets.length > 0 ? <dt>Trained on</dt> : null}
              {data.trainingSets.map((n) => (
                <dd key={n.id}>
                  <NodeLink id={n.id} />
                </dd>
              ))}
              {data.servedBy.length > 0 ? <dt>Serves</dt> : null}
              {data.servedBy.map((n) => (
                <dd key={n.id}>
                  <NodeLink id={n.id} />
                </dd>
              ))}
              {data.versions.length > 0 ? <dt>Versions</dt> : null}
              {data.versions.map((n) => (
                <dd key={n.id}>
                  <NodeLink id={n.id} /> <span className="faint">{formatTime(n.createdAt)}</span>
                </dd>
              ))}
              {data.deployments.length > 0 ? <dt>Deployments</dt> : null}
              {data.deployments.map((n) => (
                <dd key={n.id}>
                  <NodeLink id={n.id} />{' '}
                  {isLiveDeployment(n) ? (
                    <span className="badge badge-live">live</span>
                  ) : (
                    <span className="badge badge-neutral">ended</span>
                  )}
                </dd>
              ))}
            </dl>
          )}
        </div>
      </section>
    </div>
  );
}
