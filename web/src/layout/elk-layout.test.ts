import { describe, expect, it } from 'vitest';
import { elkLayout, toElkGraph } from './elk-layout.js';
import { ELK_NODE_LIMIT } from './layout-types.js';
import { chooseEngine, runLayout } from './run-layout.js';

const box = (id: string) => ({ id, width: 200, height: 60 });

describe('elk layout', () => {
  it('builds a left-to-right layered ELK graph and drops edges to unknown nodes', () => {
    const graph = toElkGraph({
      nodes: [box('a'), box('b')],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'a', target: 'zz' },
      ],
    });
    expect(graph.layoutOptions?.['elk.direction']).toBe('RIGHT');
    expect(graph.edges).toHaveLength(1);
  });

  it('places a source left of its target', async () => {
    const p = await elkLayout({
      nodes: [box('a'), box('b'), box('c')],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
      ],
    });
    expect(p.a?.x).toBeLessThan(p.b?.x ?? 0);
    expect(p.b?.x).toBeLessThan(p.c?.x ?? 0);
  });

  it('uses ELK for small graphs and the fast layered layout for large ones', async () => {
    const small = { nodes: [box('a')], edges: [] };
    const large = { nodes: Array.from({ length: ELK_NODE_LIMIT + 1 }, (_, i) => box(`n${i}`)), edges: [] };
    expect(chooseEngine(small, 'auto')).toBe('elk');
    expect(chooseEngine(large, 'auto')).toBe('layered');
    expect((await runLayout(small, 'auto')).engine).toBe('elk');
  });
});
