import { useMemo } from 'react';
import { enumParam, intParam } from '../../app/url-state.js';
import { useRoute } from '../../app/useRoute.js';
import type { Direction, Level } from '../../graph/lineage-types.js';

/** Dataset-level depth counts job hops twice (dataset -> job -> dataset), so it starts deeper. */
export const DEFAULT_DEPTH = { dataset: 4, column: 3 } as const;
export const DEFAULT_BUDGET = 120;

export interface LineageParams {
  focus: string;
  depth: number;
  direction: Direction;
  level: Level;
  column: string | null;
  asOf: string | null;
  /** Diff mode: the earlier time compared with `asOf` (or now). */
  compare: string | null;
  expanded: ReadonlySet<string>;
  collapsed: ReadonlySet<string>;
  budget: number;
  selected: string | null;
  panel: 'details' | 'impact' | 'rootcause' | null;
}

/** The lineage view's state, read from the URL so every view can be shared as a link. */
export function useLineageParams(): LineageParams {
  const { params } = useRoute();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the serialized params.
  return useMemo(() => {
    const level = enumParam(params, 'level', ['dataset', 'column'] as const, 'dataset');
    return {
      focus: params.get('id') ?? '',
      depth: intParam(params, 'depth', DEFAULT_DEPTH[level], 1, 20),
      direction: enumParam(params, 'dir', ['both', 'upstream', 'downstream'] as const, 'both'),
      level,
      column: params.get('col'),
      asOf: params.get('asOf'),
      compare: params.get('cmp'),
      expanded: new Set(params.getAll('x')),
      collapsed: new Set(params.getAll('c')),
      budget: intParam(params, 'budget', DEFAULT_BUDGET, 5, 100_000),
      selected: params.get('sel'),
      panel: params.has('panel')
        ? enumParam(params, 'panel', ['details', 'impact', 'rootcause'] as const, 'details')
        : null,
    };
  }, [key]);
}
