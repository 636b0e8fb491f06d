import type { AsyncState } from '../../app/useAsync.js';
import { useSetParams } from '../../app/useRoute.js';
import { BadgePill } from '../../components/BadgePill.js';
import { timeAgo } from '../../components/format.js';
import { KindIcon } from '../../components/KindIcon.js';
import { KIND_LABEL, kindKey } from '../../components/kind-style.js';
import { nodeBadges } from '../../graph/node-badges.js';
import { kindOfId, shortLabel, splitId } from '../../graph/node-ids.js';
import type { NodeDetail } from './useNodeDetail.js';

/** Kind, name, namespace, badges, owners, tags and description, plus the analysis shortcuts. */
export function NodeHeader({ id, detail }: { id: string; detail: AsyncState<NodeDetail> }) {
  const setParams = useSetParams();
  const node = detail.data?.node ?? null;
  const fallback = splitId(id);
  const key = kindKey(node?.kind ?? kindOfId(id) ?? 'dataset', node?.subtype ?? null);
  const badges = node ? nodeBadges(node) : [];
  return (
    <header className={`node-header kind-${key}`}>
      <div className="node-header-icon">
        <KindIcon kind={key} size={22} />
      </div>
      <div className="node-header-main">
        <div className="node-kicker">
          <span>{KIND_LABEL[key]}</span>
          <span className="faint">·</span>
          <span className="mono faint" title="Namespace">
            {node?.namespace ?? fallback.namespace}
          </span>
        </div>
        <h1 className="node-title">
          {kindOfId(id) === 'modelVersion' ? shortLabel(id) : (node?.name ?? fallback.name)}
          {badges.map((badge) => (
            <BadgePill key={badge.kind} badge={badge} />
          ))}
          {node?.deletedAt ? <span className="badge badge-neutral">ended {timeAgo(node.deletedAt)}</span> : null}
        </h1>
        {node?.description ? <p className="node-description">{node.description}</p> : null}
        <div className="node-meta">
          {detail.status === 'error' ? (
            <span className="faint">Details unavailable: {detail.error.message}</span>
          ) : null}
          {node ? (
            <>
              <span>
                <span className="faint">Owners </span>
                {node.owners.length > 0 ? (
                  node.owners.map((o) => o.name).join(', ')
                ) : (
                  <span className="faint">none</span>
                )}
              </span>
              {node.tags.length > 0 ? (
                <span className="node-tags">
                  {node.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </span>
              ) : null}
              <span className="faint">Updated {timeAgo(node.updatedAt)}</span>
            </>
          ) : null}
        </div>
      </div>
      <div className="node-header-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setParams({ tab: null, panel: 'impact', sel: id })}
        >
          Impact
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setParams({ tab: null, panel: 'rootcause', sel: id })}
        >
          Root cause
        </button>
      </div>
    </header>
  );
}
