export interface LayoutNodeInput {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
}

export interface LayoutInput {
  nodes: LayoutNodeInput[];
  edges: LayoutEdgeInput[];
}

export interface Point {
  x: number;
  y: number;
}

export type LayoutEngine = 'elk' | 'layered';

export interface LayoutResult {
  /** Top-left corner of each node. */
  positions: Record<string, Point>;
  engine: LayoutEngine;
  /** Milliseconds the layout itself took, inside the worker. */
  ms: number;
}

export interface LayoutRequest {
  requestId: number;
  input: LayoutInput;
  engine: LayoutEngine | 'auto';
}

export type LayoutResponse =
  | { requestId: number; ok: true; result: LayoutResult }
  | { requestId: number; ok: false; message: string };

/** Spacing shared by both engines so switching engine does not change the look. */
export const SPACING = { layerGap: 96, nodeGap: 28 } as const;

/**
 * Above this many nodes the ELK layered algorithm costs seconds; the in-house layered layout
 * (same left-to-right layering, simpler placement) takes milliseconds.
 */
export const ELK_NODE_LIMIT = 150;
