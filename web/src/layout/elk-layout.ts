import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { type LayoutInput, type Point, SPACING } from './layout-types.js';

const elk = new ELK();

/** The ELK graph for a layout input: layered, left to right, with Rootline's spacing. */
export function toElkGraph(input: LayoutInput): ElkNode {
  const known = new Set(input.nodes.map((node) => node.id));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(SPACING.layerGap),
      'elk.spacing.nodeNode': String(SPACING.nodeGap),
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'true',
    },
    children: input.nodes.map((node) => ({ id: node.id, width: node.width, height: node.height })),
    edges: input.edges
      .filter((edge) => known.has(edge.source) && known.has(edge.target) && edge.source !== edge.target)
      .map((edge, i) => ({ id: `e${i}`, sources: [edge.source], targets: [edge.target] })),
  };
}

/** Runs ELK's layered algorithm and returns each node's top-left corner. */
export async function elkLayout(input: LayoutInput): Promise<Record<string, Point>> {
  const result = await elk.layout(toElkGraph(input));
  const positions: Record<string, Point> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return positions;
}
