import { useSetParams } from '../../app/useRoute.js';
import type { Direction, Level } from '../../graph/lineage-types.js';
import type { LineageParams } from './useLineageParams.js';

const DIRECTIONS: { key: Direction; label: string }[] = [
  { key: 'upstream', label: 'Upstream' },
  { key: 'both', label: 'Both' },
  { key: 'downstream', label: 'Downstream' },
];

const LEVELS: { key: Level; label: string }[] = [
  { key: 'dataset', label: 'Datasets' },
  { key: 'column', label: 'Columns' },
];

interface Props {
  params: LineageParams;
  shown: number;
  total: number;
  partial: boolean;
  onFit: () => void;
}

/** Level, direction and depth controls plus what is on screen; every control writes the URL. */
export function LineageToolbar({ params, shown, total, partial, onFit }: Props) {
  const setParams = useSetParams();
  return (
    <div className="lineage-toolbar" role="toolbar" aria-label="Lineage controls">
      <fieldset className="segmented" aria-label="Level">
        {LEVELS.map((level) => (
          <button
            key={level.key}
            type="button"
            aria-pressed={params.level === level.key}
            onClick={() =>
              setParams({ level: level.key === 'dataset' ? null : level.key, depth: null, col: null, x: [], c: [] })
            }
          >
            {level.label}
          </button>
        ))}
      </fieldset>
      <fieldset className="segmented" aria-label="Direction">
        {DIRECTIONS.map((dir) => (
          <button
            key={dir.key}
            type="button"
            aria-pressed={params.direction === dir.key}
            onClick={() => setParams({ dir: dir.key === 'both' ? null : dir.key })}
          >
            {dir.label}
          </button>
        ))}
      </fieldset>
      <label className="toolbar-field">
        <span>Depth</span>
        <select
          className="select select-small"
          value={params.depth}
          onChange={(event) => setParams({ depth: event.target.value })}
          aria-label="Depth"
        >
          {[1, 2, 3, 4, 5, 6, 8, 10, 15, 20].map((depth) => (
            <option key={depth} value={depth}>
              {depth}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small" onClick={onFit} title="Fit the graph to the screen">
        Fit
      </button>
      <span className="toolbar-count faint" data-testid="graph-count">
        {shown === total ? `${total} nodes` : `${shown} of ${total} nodes`}
        {partial ? ' · partial' : ''}
      </span>
      {shown < total ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setParams({ budget: 100000 })}>
          Show all
        </button>
      ) : null}
      {params.column ? (
        <button type="button" className="btn btn-small" onClick={() => setParams({ col: null })}>
          Clear column highlight
        </button>
      ) : null}
    </div>
  );
}
