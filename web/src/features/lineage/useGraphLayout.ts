import { useEffect, useMemo, useState } from 'react';
import type { ViewModel } from '../../graph/lineage-types.js';
import { createLayoutClient } from '../../layout/layout-client.js';
import type { LayoutInput, LayoutResult, Point } from '../../layout/layout-types.js';
import { chooseEngine } from '../../layout/run-layout.js';
import { cardSize } from './card-size.js';
import { markPerf } from './perf.js';

const client = createLayoutClient();

/** Starts the layout worker early (the lineage view calls it before its data arrives). */
export const warmLayout = (): void => client.warm();

export interface GraphLayout {
  positions: Record<string, Point> | null;
  /** The layout key the positions belong to; a new key is being laid out while they differ. */
  key: string;
  pending: boolean;
  error: Error | null;
  engine: LayoutResult['engine'] | null;
}

/** Builds the layout input for the visible cards and the edges between them. */
export function layoutInputFor(model: ViewModel, visible: ReadonlySet<string>): LayoutInput {
  const nodes = [...visible].flatMap((id) => {
    const card = model.cards.get(id);
    return card ? [{ id, ...cardSize(card) }] : [];
  });
  const seen = new Set<string>();
  const edges = model.edges.flatMap((edge) => {
    const key = `${edge.source}\u0000${edge.target}`;
    if (seen.has(key) || !visible.has(edge.source) || !visible.has(edge.target)) return [];
    seen.add(key);
    return [{ source: edge.source, target: edge.target }];
  });
  return { nodes, edges };
}

/** Lays out the visible cards in the worker whenever the set of cards or their sizes change. */
export function useGraphLayout(model: ViewModel | null, visible: ReadonlySet<string> | null): GraphLayout {
  const input = useMemo(() => (model && visible ? layoutInputFor(model, visible) : null), [model, visible]);
  const key = useMemo(
    () => (input ? `${input.nodes.map((n) => `${n.id}:${n.height}`).join('|')}#${input.edges.length}` : ''),
    [input],
  );
  const [state, setState] = useState<Omit<GraphLayout, 'pending'>>({
    positions: null,
    key: '',
    error: null,
    engine: null,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` identifies `input`.
  useEffect(() => {
    if (!input || input.nodes.length === 0) return;
    let current = true;
    const fail = (error: unknown) => {
      if (current) setState((s) => ({ ...s, key, error: error instanceof Error ? error : new Error(String(error)) }));
    };
    const apply = (result: LayoutResult) => {
      if (!current) return;
      markPerf(`layout-${result.engine}`, result.ms, input.nodes.length);
      setState({ positions: result.positions, key, error: null, engine: result.engine });
    };
    // Draw at once with the fast layered layout, then refine with ELK where ELK is quick enough.
    client
      .layout(input, 'layered')
      .then((result) => {
        apply(result);
        if (!current || chooseEngine(input, 'auto') !== 'elk') return undefined;
        // A failed refinement keeps the first layout; it is not worth an error on screen.
        return client.layout(input, 'elk').then(apply, () => {
          if (current) setState((s) => ({ ...s, engine: 'elk' }));
        });
      })
      .catch(fail);
    return () => {
      current = false;
    };
  }, [key]);
  return { ...state, pending: state.key !== key };
}
