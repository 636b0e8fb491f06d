import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { useSetParams } from '../../app/useRoute.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { ELK_NODE_LIMIT } from '../../layout/layout-types.js';
import { GraphLegend } from './GraphLegend.js';
import { LineageGraph } from './LineageGraph.js';
import { LineageToolbar } from './LineageToolbar.js';
import type { LineageActions } from './lineage-actions.js';
import { LineageActionsContext } from './lineage-actions.js';
import { SidePanel } from './SidePanel.js';
import { TimeSlider } from './TimeSlider.js';
import { timeRangeOf } from './time-range.js';
import { warmLayout } from './useGraphLayout.js';
import { useLineageParams } from './useLineageParams.js';
import { useLineageView } from './useLineageView.js';

function without(set: ReadonlySet<string>, token: string): string[] {
  return [...set].filter((t) => t !== token);
}

function LineageCanvas() {
  const p = useLineageParams();
  const setParams = useSetParams();
  const [fitRequest, setFitRequest] = useState(0);
  const view = useLineageView(p);
  const { data, model, visible, layout, flow } = view;

  const actions = useMemo<LineageActions>(
    () => ({
      expand: (side, id) => {
        const token = `${side}:${id}`;
        if (p.collapsed.has(token)) setParams({ c: without(p.collapsed, token) });
        else setParams({ x: [...without(p.expanded, token), token] });
      },
      collapse: (side, id) => {
        const token = `${side}:${id}`;
        setParams({ x: without(p.expanded, token), c: [...without(p.collapsed, token), token] });
      },
      selectColumn: (id) => setParams({ col: id }),
      select: (id) => setParams({ sel: id, panel: p.panel ?? 'details' }),
      refocus: (id) => setParams({ id, sel: null, x: [], c: [], col: null }),
    }),
    [p.collapsed, p.expanded, p.panel, setParams],
  );

  // Escape steps back: first the column highlight, then the side panel.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (p.column) setParams({ col: null });
      else if (p.selected || p.panel) setParams({ sel: null, panel: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [p.column, p.selected, p.panel, setParams]);

  const range = useMemo(
    () => timeRangeOf(view.graph ?? { nodes: [], edges: [], partial: false }, Date.now()),
    [view.graph],
  );
  const panelNode = p.selected ?? (p.panel ? view.focusCard : null);

  let body: React.ReactNode;
  if (data.status === 'error' && !data.data) body = <ErrorState error={data.error} what="lineage" />;
  else if (!model || !visible) body = <Loading label="Loading lineage" />;
  else if (model.cards.size === 0)
    body = (
      <Empty title="No lineage at this time">
        Nothing reads or writes this node{p.asOf ? ' at the chosen time' : ''}.
      </Empty>
    );
  else if (layout.error) body = <ErrorState error={layout.error} what="graph layout" />;
  else if (!flow) body = <Loading label={`Laying out ${visible.visible.size} nodes`} />;
  else {
    body = (
      <LineageGraph
        nodes={flow.nodes}
        edges={flow.edges}
        layoutKey={layout.key}
        refined={layout.engine === 'elk'}
        fitRequest={fitRequest}
        focus={view.focusCard}
        onPaneClick={() => (p.column ? setParams({ col: null }) : undefined)}
        onNodeClick={(id) => (id === p.selected ? undefined : actions.select(id))}
      />
    );
  }
  const busy = (data.status === 'loading' && data.data) || (layout.pending && flow);

  return (
    <LineageActionsContext.Provider value={actions}>
      <div className="lineage">
        <LineageToolbar
          params={p}
          shown={visible?.visible.size ?? 0}
          total={model?.cards.size ?? 0}
          partial={model?.partial ?? false}
          onFit={() => setFitRequest((n) => n + 1)}
        />
        <div className="lineage-main">
          <div
            className="lineage-canvas"
            data-testid="lineage-canvas"
            data-busy={busy ? 'true' : 'false'}
            data-layout={layout.engine === 'elk' || (visible?.visible.size ?? 0) > ELK_NODE_LIMIT ? 'final' : 'draft'}
          >
            {body}
            {flow ? <GraphLegend level={p.level} path={p.column !== null} diff={p.compare !== null} /> : null}
            {busy ? (
              <div className="canvas-busy" role="status">
                <span className="spinner" aria-hidden="true" /> Updating…
              </div>
            ) : null}
            {data.status === 'error' && data.data ? (
              <div className="canvas-error" role="alert">
                {data.error.message}
              </div>
            ) : null}
          </div>
          {panelNode ? (
            <SidePanel
              nodeId={panelNode}
              card={model?.cards.get(panelNode) ?? null}
              panel={p.panel ?? 'details'}
              asOf={p.asOf}
            />
          ) : null}
        </div>
        <TimeSlider range={range} asOf={p.asOf} compare={p.compare} diffCounts={data.data?.diff ?? null} />
      </div>
    </LineageActionsContext.Provider>
  );
}

/** The lineage tab: toolbar, canvas, side panel and time slider, all driven by the URL. */
export function LineageView() {
  useEffect(warmLayout, []);
  return (
    <ReactFlowProvider>
      <LineageCanvas />
    </ReactFlowProvider>
  );
}
