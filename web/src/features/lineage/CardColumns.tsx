import { Handle, Position } from '@xyflow/react';
import { BadgePill } from '../../components/BadgePill.js';
import { useLineageActions } from './lineage-actions.js';
import type { CardData } from './to-flow.js';

/** The column rows of a dataset card, each with its own handles so column edges land on the row. */
export function CardColumns({ data }: { data: CardData }) {
  const actions = useLineageActions();
  return (
    <ul className="card-columns">
      {data.card.columns.map((column) => {
        const lit = data.lit?.has(column.id) ?? false;
        const selected = data.selectedColumn === column.id;
        const diff = data.columnDiff?.get(column.id);
        const classes = [
          'col-row',
          lit ? 'col-lit' : '',
          data.lit && !lit ? 'col-dim' : '',
          selected ? 'col-selected' : '',
          diff ? `col-${diff}` : '',
        ];
        return (
          <li key={column.id} className={classes.join(' ')}>
            <Handle
              type="target"
              position={Position.Left}
              id={`in:${column.id}`}
              className="col-handle"
              isConnectable={false}
            />
            <button
              type="button"
              className="col-button nodrag"
              aria-pressed={selected}
              title={`Highlight the lineage of ${column.name}`}
              data-column={column.id}
              onClick={(event) => {
                event.stopPropagation();
                actions.selectColumn(selected ? null : column.id);
              }}
            >
              <span className="col-name">{column.name}</span>
              {column.badges.map((badge) => (
                <BadgePill key={badge.kind} badge={badge} />
              ))}
              <span className="col-type">{column.type ?? ''}</span>
            </button>
            <Handle
              type="source"
              position={Position.Right}
              id={`out:${column.id}`}
              className="col-handle"
              isConnectable={false}
            />
          </li>
        );
      })}
    </ul>
  );
}
