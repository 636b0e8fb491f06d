import { describe, expect, it } from 'vitest';
import { edge, graph, node } from '../test-support/fixture-graph.js';
import { mergeLineage } from './merge-lineage.js';

describe('mergeLineage', () => {
  it('adds an expansion with depths offset from the node it was expanded from', () => {
    const base = graph(
      [node('dataset:ns:a', 0), node('dataset:ns:b', 1)],
      [edge('DERIVES', 'dataset:ns:a', 'dataset:ns:b')],
    );
    const more = graph(
      [node('dataset:ns:b', 0), node('dataset:ns:c', 1)],
      [edge('DERIVES', 'dataset:ns:b', 'dataset:ns:c')],
      true,
    );
    const merged = mergeLineage(base, [{ from: 'dataset:ns:b', graph: more }]);
    expect(merged.nodes.map((n) => [n.id, n.depth])).toEqual([
      ['dataset:ns:a', 0],
      ['dataset:ns:b', 1],
      ['dataset:ns:c', 2],
    ]);
    expect(merged.edges).toHaveLength(2);
    expect(merged.partial).toBe(true);
  });
});
