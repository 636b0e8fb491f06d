import { useMemo } from 'react';
import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { buildViewModel, cardIdFor } from '../../graph/build-view-model.js';
import { columnPath } from '../../graph/column-path.js';
import { withPii } from '../../graph/merge-lineage.js';
import { computeVisibleSet } from '../../graph/visible-set.js';
import { toFlow } from './to-flow.js';
import { useGraphLayout } from './useGraphLayout.js';
import { useLineageData } from './useLineageData.js';
import type { LineageParams } from './useLineageParams.js';

/**
 * Everything the lineage canvas draws, derived step by step from the URL: data, view model,
 * visible cards, layout, column path, then xyflow nodes and edges.
 */
export function useLineageView(p: LineageParams) {
  const data = useLineageData(p);
  // PII is computed by the server over the whole graph and arrives on its own, so it never
  // holds the graph back; without the route, pii/sensitive tags still show.
  const pii = useAsync((signal) => api.pii(p.asOf, signal).catch(() => null), [p.asOf]);
  const loaded = data.data?.graph ?? null;
  const graph = useMemo(() => (loaded ? withPii(loaded, pii.data) : null), [loaded, pii.data]);
  const model = useMemo(() => (graph ? buildViewModel(graph) : null), [graph]);
  const focusCard = cardIdFor(p.focus);
  const visible = useMemo(
    () =>
      model
        ? computeVisibleSet(model, { focus: focusCard, budget: p.budget, expanded: p.expanded, collapsed: p.collapsed })
        : null,
    [model, focusCard, p.budget, p.expanded, p.collapsed],
  );
  const layout = useGraphLayout(model, visible?.visible ?? null);
  const path = useMemo(() => (graph && p.column ? columnPath(p.column, graph.edges) : null), [graph, p.column]);
  const flow = useMemo(() => {
    if (!model || !visible || !layout.positions) return null;
    return toFlow({
      model,
      visible,
      positions: layout.positions,
      focus: focusCard,
      selected: p.selected,
      depth: p.depth,
      expanded: p.expanded,
      path,
      selectedColumn: p.column,
      diff: data.data?.diff?.status ?? null,
    });
  }, [model, visible, layout.positions, focusCard, p.selected, p.depth, p.expanded, path, p.column, data.data?.diff]);
  return { data, graph, model, visible, layout, flow, focusCard };
}
