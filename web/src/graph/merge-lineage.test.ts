import { describe, expect, it } from 'vitest';
import { edge, graph, node } from '../test-support/fixture-graph.js';
import { buildViewModel } from './build-view-model.js';
import { mergeLineage, withPii } from './merge-lineage.js';

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

describe('withPii', () => {
  it('badges columns the server found tagged or derived from personal data', () => {
    const g = graph(
      [node('datasetField:ns:a:email', 0), node('datasetField:ns:b:email_hash', 1), node('datasetField:ns:b:n', 1)],
      [],
    );
    const marked = withPii(g, {
      tagged: ['datasetField:ns:a:email'],
      derived: [{ id: 'datasetField:ns:b:email_hash' }],
    });
    const model = buildViewModel(marked);
    expect(model.cards.get('dataset:ns:a')?.columns[0]?.badges.map((b) => b.title)).toEqual(['Personal data']);
    const b = model.cards.get('dataset:ns:b')?.columns.map((c) => [c.name, c.badges.map((x) => x.title)]);
    expect(b).toEqual([
      ['email_hash', ['Derived from personal data']],
      ['n', []],
    ]);
  });
});
