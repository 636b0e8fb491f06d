import {
  Background,
  BackgroundVariant,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { useEffect, useRef } from 'react';
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
 * Fits small graphs to the screen and centres large ones on the focus, once per new layout; an
 * ELK refinement of the same cards refits only if the user has not moved the view meanwhile.
 */
function Viewport({ layoutKey, refined, focus, count, userMoved }: ViewportProps) {
  const flow = useReactFlow();
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the layout changes.
  useEffect(() => {
    userMoved.current = false;
  }, [layoutKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the layout changes.
  useEffect(() => {
    if (!layoutKey || (refined && userMoved.current)) return;
    const frame = requestAnimationFrame(() => {
      if (count <= FIT_LIMIT) {
        void flow.fitView({ padding: 0.12, maxZoom: 1.1, duration: 0 });
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
  count: number;
  userMoved: { current: boolean };
}

interface Props {
  refined: boolean;
  nodes: Node<CardData, 'card'>[];
  edges: Edge[];
  layoutKey: string;
  focus: string;
  onPaneClick: () => void;
  /** Also what gives cards pointer events: xyflow turns them off for inert nodes. */
  onNodeClick: (id: string) => void;
}

/** The xyflow canvas: pan, zoom, fit, minimap; cards are EntityNodes, edges styled by class. */
export function LineageGraph({ nodes, edges, layoutKey, refined, focus, onPaneClick, onNodeClick }: Props) {
  const userMoved = useRef(false);
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
      <Controls showInteractive={false} position="bottom-left" />
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
      <Viewport layoutKey={layoutKey} refined={refined} focus={focus} count={nodes.length} userMoved={userMoved} />
    </ReactFlow>
  );
}
