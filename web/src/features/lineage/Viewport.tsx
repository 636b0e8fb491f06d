import { getViewportForBounds, type Node, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { markPerf } from './perf.js';
import type { CardData } from './to-flow.js';

const FIT_LIMIT = 150;

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
export function Viewport({ layoutKey, refined, focus, nodes, userMoved, fitRequest }: ViewportProps) {
  const flow = useReactFlow();
  const fitAll = useFitAll(nodes);
  const count = nodes.length;
  // The first draw of a layout is marked once, even when ELK's refinement overtakes it.
  const marked = useRef('');
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
      if (marked.current !== layoutKey) {
        marked.current = layoutKey;
        requestAnimationFrame(() => markPerf('rendered', performance.now(), count));
      }
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
