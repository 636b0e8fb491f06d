import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  type Edge,
  getViewportForBounds,
  MiniMap,
  type Node,
  ReactFlow,
  useReactFlow,
  useStoreApi,
} from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { kindKey } from '../../components/kind-style.js';
import { EntityNode } from './EntityNode.js';
import { markPerf } from './perf.js';
import type { CardData } from './to-flow.js';

const nodeTypes = { card: EntityNode };
const defaultEdgeOptions = { focusable: false };
const FIT_LIMIT = 150;
/** The minimap draws one element per card; past this many it costs more than it helps. */
const MINIMAP_LIMIT = 1500;

function minimapColor(node: Node): string {
  const data = node.data as CardData | undefined;
  if (!data?.card) return 'var(--border-strong)';
  return `var(--kind-${kindKey(data.card.kind, data.card.subtype)})`;
}

/**
 * Fits every card on screen. xyflow's own fitView only counts cards it has drawn, and with
 * off-screen culling most cards of a large graph never are; the card sizes are known here.
 */
function useFitAll(nodes: Node<CardData, 'card'>[]): () => void {
  const flow = useReactFlow();
  const store = useStoreApi();
  return () => {
    if (nodes.length === 0) return;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const node of nodes) {
      x0 = Math.min(x0, node.position.x);
      y0 = Math.min(y0, node.position.y);
      x1 = Math.max(x1, node.position.x + (node.width ?? 0));
      y1 = Math.max(y1, node.position.y + (node.height ?? 0));
    }
    const { width, height } = store.getState();
    const viewport = getViewportForBounds(
      { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      width,
      height,
      0.04,
      1.1,
      0.12,
    );
    void flow.setViewport(viewport);
  };
}

/**
 * Fits small graphs to the screen and centres large ones on the focus, once per new layout; an
 * ELK refinement of the same cards refits only if the user has not moved the view meanwhile.
 */
function Viewport({ layoutKey, refined, focus, nodes, userMoved, fitRequest }: ViewportProps) {
  const flow = useReactFlow();
  const fitAll = useFitAll(nodes);
  const count = nodes.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fit when asked to, not when nodes change.
  useEffect(() => {
    if (fitRequest > 0) fitAll();
  }, [fitRequest]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the layout changes.
  useEffect(() => {
    userMoved.current = false;
  }, [layoutKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the layout changes.
  useEffect(() => {
    if (!layoutKey || (refined && userMoved.current)) return;
    const frame = requestAnimationFrame(() => {
      if (count <= FIT_LIMIT) {
        fitAll();
      } else {
        const node = flow.getInternalNode(focus);
        const x = (node?.internals.positionAbsolute.x ?? 0) + (node?.measured.width ?? 264) / 2;
        const y = (node?.internals.positionAbsolute.y ?? 0) + (node?.measured.height ?? 58) / 2;
        void flow.setCenter(x, y, { zoom: 0.8, duration: 0 });
      }
      if (!refined) requestAnimationFrame(() => markPerf('rendered', performance.now(), count));
    });
    return () => cancelAnimationFrame(frame);
  }, [layoutKey, refined]);
  return null;
}

interface ViewportProps {
  layoutKey: string;
  refined: boolean;
  focus: string;
  nodes: Node<CardData, 'card'>[];
  userMoved: { current: boolean };
  /** Bumped by the toolbar's Fit button. */
  fitRequest: number;
}

interface Props {
  refined: boolean;
  fitRequest: number;
  nodes: Node<CardData, 'card'>[];
  edges: Edge[];
  layoutKey: string;
  focus: string;
  onPaneClick: () => void;
  /** Also what gives cards pointer events: xyflow turns them off for inert nodes. */
  onNodeClick: (id: string) => void;
}

/** The xyflow canvas: pan, zoom, fit, minimap; cards are EntityNodes, edges styled by class. */
export function LineageGraph(props: Props) {
  const { nodes, edges, layoutKey, refined, focus, onPaneClick, onNodeClick, fitRequest } = props;
  const userMoved = useRef(false);
  const [localFit, setLocalFit] = useState(0);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      onlyRenderVisibleElements
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      minZoom={0.04}
      maxZoom={2}
      onPaneClick={onPaneClick}
      onMoveStart={(event) => {
        if (event) userMoved.current = true;
      }}
      onNodeClick={(_event, node) => onNodeClick(node.id)}
      proOptions={{ hideAttribution: true }}
      aria-label="Lineage graph"
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--canvas-dot)" />
      <Controls showInteractive={false} showFitView={false} position="bottom-left">
        <ControlButton
          onClick={() => setLocalFit((n) => n + 1)}
          title="Fit the whole graph"
          aria-label="Fit the whole graph"
        >
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
            <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
          </svg>
        </ControlButton>
      </Controls>
      {nodes.length <= MINIMAP_LIMIT ? (
        <MiniMap
          pannable
          zoomable
          nodeColor={minimapColor}
          nodeStrokeWidth={0}
          maskColor="var(--minimap-mask)"
          position="bottom-right"
          style={{ width: 180, height: 110 }}
          ariaLabel="Minimap"
        />
      ) : null}
      <Viewport
        layoutKey={layoutKey}
        refined={refined}
        focus={focus}
        nodes={nodes}
        userMoved={userMoved}
        fitRequest={fitRequest + localFit}
      />
    </ReactFlow>
  );
}
