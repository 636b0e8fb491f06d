import type { ApiNode } from '../../api/client.js';
import { KindIcon } from '../../components/KindIcon.js';
import { KIND_LABEL, kindKey } from '../../components/kind-style.js';
import { fieldNameOf } from '../../graph/node-ids.js';

/** One search hit: kind icon, name (a column shows table.column), namespace and kind label. */
export function SearchResultRow({ node }: { node: ApiNode }) {
  const key = kindKey(node.kind, node.subtype);
  const title = node.kind === 'datasetField' ? `${node.name}.${fieldNameOf(node.id)}` : node.name;
  return (
    <span className={`result-row kind-${key}`}>
      <span className="result-icon">
        <KindIcon kind={key} size={15} />
      </span>
      <span className="result-main">
        <span className="result-name">{title}</span>
        <span className="result-ns">{node.namespace}</span>
      </span>
      <span className="result-kind">{KIND_LABEL[key]}</span>
    </span>
  );
}
