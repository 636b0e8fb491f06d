import { useLineageActions } from './lineage-actions.js';

interface Props {
  side: 'up' | 'down';
  id: string;
  hidden: number;
  shown: number;
  canLoad: boolean;
  expanded: boolean;
}

/**
 * The control on a card's left (upstream) or right (downstream) edge: "+N" when loaded
 * neighbours are hidden, a chevron to load more at the depth frontier, a minus to collapse a
 * side the user expanded.
 */
export function SideControl({ side, id, hidden, shown, canLoad, expanded }: Props) {
  const actions = useLineageActions();
  const where = side === 'up' ? 'upstream' : 'downstream';
  if (hidden > 0) {
    return (
      <button
        type="button"
        className={`side-control side-${side} side-more nodrag`}
        title={`Show ${hidden} more ${where}`}
        aria-label={`Show ${hidden} more ${where}`}
        onClick={(event) => {
          event.stopPropagation();
          actions.expand(side, id);
        }}
      >
        +{hidden}
      </button>
    );
  }
  if (expanded || shown > 0) {
    return (
      <button
        type="button"
        className={`side-control side-${side} side-toggle nodrag`}
        title={`Collapse ${where}`}
        aria-label={`Collapse ${where}`}
        onClick={(event) => {
          event.stopPropagation();
          actions.collapse(side, id);
        }}
      >
        −
      </button>
    );
  }
  if (canLoad) {
    return (
      <button
        type="button"
        className={`side-control side-${side} side-toggle nodrag`}
        title={`Expand ${where}`}
        aria-label={`Expand ${where}`}
        onClick={(event) => {
          event.stopPropagation();
          actions.expand(side, id);
        }}
      >
        {side === 'up' ? '‹' : '›'}
      </button>
    );
  }
  return null;
}
