import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  type Edge,
  MiniMap,
  type Node,
  ReactFlow,
} from '@xyflow/react';
import { useRef, useState } from 'react';
import { kindKey } from '../../components/kind-style.js';
import { EntityNode } from './EntityNode.js';
import type { CardData } from './to-flow.js';
import { Viewport } from './Viewport.js';

const nodeTypes = { card: EntityNode };
const defaultEdgeOptions = { focusable: false };
/** The minimap draws one element per card; past this many it costs more than it helps. */
const MINIMAP_LIMIT = 1500;

function minimapColor(node: Node<CardData, 'card'>): string {
  return `var(--kind-${kindKey(node.data.card.kind, node.data.card.subtype)})`;
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
        <MiniMap<Node<CardData, 'card'>>
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
