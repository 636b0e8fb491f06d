import { describe, expect, it } from 'vitest';
import { edge, graph, node } from '../test-support/fixture-graph.js';
import { diffGraphs } from './diff-graphs.js';

describe('diffGraphs', () => {
  it('marks what appeared and disappeared between two times and keeps both in the merged graph', () => {
    const before = graph(
      [node('dataset:ns:a', 0), node('dataset:ns:old', 1)],
      [edge('DERIVES', 'dataset:ns:old', 'dataset:ns:a')],
    );
    const after = graph(
      [node('dataset:ns:a', 0), node('dataset:ns:new', 1)],
      [edge('DERIVES', 'dataset:ns:new', 'dataset:ns:a')],
    );
    const diff = diffGraphs(before, after);
    expect(diff.status.get('dataset:ns:new')).toBe('added');
    expect(diff.status.get('dataset:ns:old')).toBe('removed');
    expect(diff.status.has('dataset:ns:a')).toBe(false);
    expect(diff.status.get('DERIVES|dataset:ns:old|dataset:ns:a')).toBe('removed');
    expect(diff.graph.nodes.map((n) => n.id).sort()).toEqual(['dataset:ns:a', 'dataset:ns:new', 'dataset:ns:old']);
    expect([diff.added, diff.removed]).toEqual([2, 2]);
  });

  it('finds nothing between identical graphs', () => {
    const g = graph([node('dataset:ns:a', 0)], []);
    expect(diffGraphs(g, g).status.size).toBe(0);
  });
});
