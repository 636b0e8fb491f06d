import { formatHash } from '../../app/url-state.js';
import { useSetParams } from '../../app/useRoute.js';
import { KindIcon } from '../../components/KindIcon.js';
import { KIND_LABEL, kindKey } from '../../components/kind-style.js';
import { Tabs } from '../../components/Tabs.js';
import type { Card } from '../../graph/lineage-types.js';
import { ImpactPanel } from '../impact/ImpactPanel.js';
import { RootCausePanel } from '../root-cause/RootCausePanel.js';

interface Props {
  nodeId: string;
  card: Card | null;
  panel: 'details' | 'impact' | 'rootcause';
  asOf: string | null;
}

const TABS = [
  { key: 'details', label: 'Details' },
  { key: 'impact', label: 'Impact' },
  { key: 'rootcause', label: 'Root cause' },
];

/** The drawer beside the graph: the selected node's details, impact and root cause. */
export function SidePanel({ nodeId, card, panel, asOf }: Props) {
  const setParams = useSetParams();
  const key = card ? kindKey(card.kind, card.subtype) : 'dataset';
  return (
    <aside className="side-panel" aria-label="Node panel">
      <div className={`side-head kind-${key}`}>
        <span className="side-icon">
          <KindIcon kind={key} size={18} />
        </span>
        <div className="side-title">
          <div className="side-name" title={nodeId}>
            {card?.name ?? nodeId}
          </div>
          <div className="faint">
            {KIND_LABEL[key]} · {card?.namespace}
          </div>
        </div>
        <button
          type="button"
          className="btn btn-ghost icon-btn"
          aria-label="Close panel"
          onClick={() => setParams({ sel: null, panel: null })}
        >
          ×
        </button>
      </div>
      <Tabs items={TABS} active={panel} onSelect={(tab) => setParams({ panel: tab })} label="Panel" />
      <div className="side-body">
        {panel === 'impact' ? (
          <ImpactPanel nodeId={nodeId} asOf={asOf} />
        ) : panel === 'rootcause' ? (
          <RootCausePanel nodeId={nodeId} />
        ) : (
          <div className="panel-section">
            {card?.node?.description ? <p>{card.node.description}</p> : <p className="faint">No description.</p>}
            <dl className="facts">
              <dt>Owners</dt>
              <dd>{card?.node?.owners.length ? card.node.owners.map((o) => o.name).join(', ') : '—'}</dd>
              <dt>Tags</dt>
              <dd>
                {card?.node?.tags.length
                  ? card.node.tags.map((t) => (
                      <span key={t} className="tag">
                        {t}
                      </span>
                    ))
                  : '—'}
              </dd>
              <dt>Distance</dt>
              <dd>{card ? `${card.depth} from the focus` : '—'}</dd>
              {card?.columns.length ? (
                <>
                  <dt>Columns</dt>
                  <dd>{card.columns.length} in this view</dd>
                </>
              ) : null}
            </dl>
            <div className="panel-actions">
              <a className="btn btn-primary btn-small" href={formatHash('/node', { id: nodeId })}>
                Open page
              </a>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setParams({ id: nodeId, sel: null, panel: null, x: [], c: [], col: null })}
              >
                Focus graph here
              </button>
            </div>
          </div>
        )}
      </div>
    </aside>
  );
}
