import { formatHash } from '../app/url-state.js';
import { cardIdFor } from '../graph/build-view-model.js';
import { kindOfId, shortLabel } from '../graph/node-ids.js';
import { KindIcon } from './KindIcon.js';
import { kindKey } from './kind-style.js';

/** A link to a node's page, with its kind icon and short name (columns link to their dataset's page). */
export function NodeLink({ id, label, tab }: { id: string; label?: string; tab?: string }) {
  const kind = kindOfId(id) ?? 'dataset';
  const target = kind === 'datasetField' ? cardIdFor(id) : id;
  const params =
    kind === 'datasetField' ? { id: target, tab: tab ?? 'lineage', level: 'column', col: id } : { id: target, tab };
  return (
    <a className={`node-link kind-${kindKey(kind, null)}`} href={formatHash('/node', params)} title={id}>
      <KindIcon kind={kindKey(kind, null)} size={14} />
      <span>
        {label ?? (kind === 'datasetField' ? `${shortLabel(cardIdFor(id))}.${shortLabel(id)}` : shortLabel(id))}
      </span>
    </a>
  );
}
