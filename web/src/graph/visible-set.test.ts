import { describe, expect, it } from 'vitest';
import { edge, graph, node } from '../test-support/fixture-graph.js';
import { buildViewModel } from './build-view-model.js';
import { computeVisibleSet } from './visible-set.js';

// focus F reads from 6 inputs and feeds 6 outputs, each output feeding one more dataset.
function star() {
  const nodes = [node('job:ns:F', 0)];
  const edges = [];
  for (let i = 0; i < 6; i += 1) {
    nodes.push(node(`dataset:ns:in${i}`, 1), node(`dataset:ns:out${i}`, 1), node(`dataset:ns:far${i}`, 2));
    edges.push(edge('INPUT', `dataset:ns:in${i}`, 'job:ns:F'), edge('OUTPUT', 'job:ns:F', `dataset:ns:out${i}`));
    edges.push(edge('DERIVES', `dataset:ns:out${i}`, `dataset:ns:far${i}`));
  }
  return buildViewModel(graph(nodes, edges));
}

const none = new Set<string>();

describe('computeVisibleSet', () => {
  it('shows everything when the graph fits the budget', () => {
    const result = computeVisibleSet(star(), { focus: 'job:ns:F', budget: 100, expanded: none, collapsed: none });
    expect(result.visible.size).toBe(19);
    expect(result.hidden.get('job:ns:F')).toEqual({ up: 0, down: 0 });
  });

  it('keeps the nearest cards within the budget and counts the rest as hidden', () => {
    const result = computeVisibleSet(star(), { focus: 'job:ns:F', budget: 13, expanded: none, collapsed: none });
    expect(result.visible.size).toBe(13);
    expect([...result.visible].some((id) => id.includes('far'))).toBe(false);
    const hiddenFar = [...result.hidden.values()].reduce((sum, h) => sum + h.down, 0);
    expect(hiddenFar).toBe(6);
  });

  it('adds every neighbour of an expanded side, even beyond the budget', () => {
    const result = computeVisibleSet(star(), {
      focus: 'job:ns:F',
      budget: 3,
      expanded: new Set(['down:job:ns:F']),
      collapsed: none,
    });
    for (let i = 0; i < 6; i += 1) expect(result.visible.has(`dataset:ns:out${i}`)).toBe(true);
    expect(result.hidden.get('job:ns:F')?.down).toBe(0);
    expect(result.hidden.get('job:ns:F')?.up).toBeGreaterThan(0);
  });

  it('does not walk through a collapsed side', () => {
    const result = computeVisibleSet(star(), {
      focus: 'job:ns:F',
      budget: 100,
      expanded: none,
      collapsed: new Set(['up:job:ns:F']),
    });
    expect([...result.visible].some((id) => id.includes(':in'))).toBe(false);
    expect(result.hidden.get('job:ns:F')?.up).toBe(6);
  });

  it('walks upstream nodes only upstream, so siblings of the focus stay out', () => {
    const model = buildViewModel(
      graph(
        [node('dataset:ns:a', 0), node('job:ns:j', 1), node('dataset:ns:b', 2), node('dataset:ns:sibling', 2)],
        [
          edge('INPUT', 'dataset:ns:a', 'job:ns:j'),
          edge('OUTPUT', 'job:ns:j', 'dataset:ns:b'),
          edge('INPUT', 'dataset:ns:sibling', 'job:ns:j'),
        ],
      ),
    );
    const result = computeVisibleSet(model, { focus: 'dataset:ns:a', budget: 100, expanded: none, collapsed: none });
    expect(result.visible.has('dataset:ns:sibling')).toBe(false);
    expect(result.hidden.get('job:ns:j')?.up).toBe(1);
  });
});
