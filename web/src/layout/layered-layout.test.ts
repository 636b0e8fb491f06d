import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered-layout.js';
import type { LayoutInput } from './layout-types.js';

const box = (id: string, height = 40) => ({ id, width: 200, height });

function overlaps(input: LayoutInput, positions: ReturnType<typeof layeredLayout>): boolean {
  const rects = input.nodes.map((n) => ({ ...n, ...(positions[n.id] ?? { x: 0, y: 0 }) }));
  return rects.some((a, i) =>
    rects.some(
      (b, j) => i < j && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height,
    ),
  );
}

describe('layeredLayout', () => {
  it('places every edge source left of its target', () => {
    const input: LayoutInput = {
      nodes: [box('a'), box('b'), box('c'), box('d')],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'd' },
        { source: 'd', target: 'c' },
      ],
    };
    const p = layeredLayout(input);
    for (const edge of input.edges) expect(p[edge.source]?.x).toBeLessThan(p[edge.target]?.x ?? 0);
    expect(overlaps(input, p)).toBe(false);
  });

  it('survives cycles and returns a position for every node', () => {
    const input: LayoutInput = {
      nodes: [box('a'), box('b'), box('c')],
      edges: [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'c', target: 'a' },
      ],
    };
    const p = layeredLayout(input);
    expect(Object.keys(p).sort()).toEqual(['a', 'b', 'c']);
  });

  it('stacks nodes of one layer without overlap whatever their heights', () => {
    const nodes = [box('root'), ...Array.from({ length: 30 }, (_, i) => box(`n${i}`, 30 + (i % 5) * 40))];
    const input: LayoutInput = { nodes, edges: nodes.slice(1).map((n) => ({ source: 'root', target: n.id })) };
    expect(overlaps(input, layeredLayout(input))).toBe(false);
  });

  it('lays out 5,000 nodes', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => box(`n${i}`));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${Math.floor(i / 3)}`, target: n.id }));
    const p = layeredLayout({ nodes, edges });
    expect(Object.keys(p)).toHaveLength(5000);
  });
});
