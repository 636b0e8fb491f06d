import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { BadgePill } from '../../components/BadgePill.js';
import { KindIcon } from '../../components/KindIcon.js';
import { KIND_LABEL, kindKey } from '../../components/kind-style.js';
import { shortLabel } from '../../graph/node-ids.js';
import { CardColumns } from './CardColumns.js';
import { useLineageActions } from './lineage-actions.js';
import { SideControl } from './SideControl.js';
import type { CardData } from './to-flow.js';
import { useOpenIncidents } from './useOpenIncidents.js';

type Props = NodeProps & { data: CardData };

/** `analytics.staging.stg_orders` -> title `stg_orders`, prefix `analytics.staging`: the table name reads first. */
function splitTitle(name: string): { title: string; prefix: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1 || name.includes('/')) return { title: name, prefix: '' };
  return { title: name.slice(dot + 1), prefix: name.slice(0, dot) };
}

/** One card on the canvas: kind stripe and icon, name, namespace, badges, columns and side handles. */
function EntityNodeView({ data }: Props) {
  const actions = useLineageActions();
  const { card } = data;
  const incidents = useOpenIncidents().get(card.id);
  const key = kindKey(card.kind, card.subtype);
  const { title, prefix } = splitTitle(card.kind === 'modelVersion' ? shortLabel(card.id) : card.name);
  const classes = [
    'entity',
    `kind-${key}`,
    data.focus ? 'entity-focus' : '',
    data.selected ? 'entity-selected' : '',
    data.dim ? 'entity-dim' : '',
    data.diff ? `entity-${data.diff}` : '',
  ];
  return (
    <div className={classes.join(' ')} data-id={card.id} data-testid="lineage-card">
      <Handle type="target" position={Position.Left} id="in" className="card-handle" isConnectable={false} />
      <button
        type="button"
        className="entity-head nodrag"
        title={`${KIND_LABEL[key]} ${card.name}\n${card.namespace}`}
        onClick={() => actions.select(card.id)}
        onDoubleClick={() => actions.refocus(card.id)}
      >
        <span className="entity-icon">
          <KindIcon kind={key} size={16} />
        </span>
        <span className="entity-text">
          <span className="entity-name">{title}</span>
          <span className="entity-sub">
            {KIND_LABEL[key]} · {prefix || card.namespace}
          </span>
        </span>
        {data.diff ? <span className={`badge badge-${data.diff}`}>{data.diff}</span> : null}
        {incidents ? (
          <span className="badge badge-failing" title={incidents.join('\n')} data-testid="incident-badge">
            {incidents.length > 1 ? `${incidents.length} incidents` : 'incident'}
          </span>
        ) : null}
        {card.badges.length > 0 ? (
          <span className="entity-badges">
            {card.badges.map((badge) => (
              <BadgePill key={badge.kind} badge={badge} />
            ))}
          </span>
        ) : null}
      </button>
      {card.columns.length > 0 ? <CardColumns data={data} /> : null}
      <Handle type="source" position={Position.Right} id="out" className="card-handle" isConnectable={false} />
      <SideControl
        side="up"
        id={card.id}
        hidden={data.hidden.up}
        shown={data.shown.up}
        canLoad={data.canLoad.up}
        expanded={data.expanded.up}
      />
      <SideControl
        side="down"
        id={card.id}
        hidden={data.hidden.down}
        shown={data.shown.down}
        canLoad={data.canLoad.down}
        expanded={data.expanded.down}
      />
    </div>
  );
}

export const EntityNode = memo(EntityNodeView);
