import { layeredLayout } from './layered-layout.js';
import { ELK_NODE_LIMIT, type LayoutEngine, type LayoutInput, type LayoutResult } from './layout-types.js';

/** Chooses ELK for graphs it lays out quickly and the in-house layered layout above that. */
export function chooseEngine(input: LayoutInput, engine: LayoutEngine | 'auto'): LayoutEngine {
  if (engine !== 'auto') return engine;
  return input.nodes.length <= ELK_NODE_LIMIT ? 'elk' : 'layered';
}

/** Lays out a graph with the chosen engine and times it. */
export async function runLayout(input: LayoutInput, engine: LayoutEngine | 'auto'): Promise<LayoutResult> {
  const chosen = chooseEngine(input, engine);
  const started = performance.now();
  // ELK is 1.4 MB of compiled Java: loaded on first use so the fast layout never waits for it.
  const positions = chosen === 'elk' ? await (await import('./elk-layout.js')).elkLayout(input) : layeredLayout(input);
  return { positions, engine: chosen, ms: performance.now() - started };
}
