import { describe, expect, it } from 'vitest';
import { buildViewModel } from '../../graph/build-view-model.js';
import { columnPath } from '../../graph/column-path.js';
import { computeVisibleSet } from '../../graph/visible-set.js';
import { edge, graph, node } from '../../test-support/fixture-graph.js';
import { cardHandles, toFlow } from './to-flow.js';

const f = (t: string, c: string) => `datasetField:ns:${t}:${c}`;
const lineage = graph(
  [node(f('a', 'x'), 1), node(f('a', 'z'), 1), node(f('b', 'y'), 0), node(f('c', 'w'), 1), node(f('d', 'q'), 1)],
  [
    edge('DERIVES', f('a', 'x'), f('b', 'y'), [{ type: 'DIRECT', subtype: 'IDENTITY' }]),
    edge('DERIVES', f('b', 'y'), f('c', 'w')),
    edge('DERIVES', f('a', 'z'), f('d', 'q'), [{ type: 'INDIRECT', subtype: 'FILTER' }]),
  ],
);
const model = buildViewModel(lineage);
const positions = Object.fromEntries([...model.cards.keys()].map((id, i) => [id, { x: i * 300, y: 0 }]));
const visible = computeVisibleSet(model, {
  focus: 'dataset:ns:b',
  budget: 50,
  expanded: new Set(),
  collapsed: new Set(),
});
const base = {
  model,
  visible,
  positions,
  focus: 'dataset:ns:b',
  selected: null,
  depth: 1,
  expanded: new Set<string>(),
  path: null,
  selectedColumn: null,
  diff: null,
};

describe('toFlow', () => {
  it('anchors column edges to per-column handles and styles DIRECT and INDIRECT edges apart', () => {
    const { edges } = toFlow(base);
    const direct = edges.find((e) => e.target === 'dataset:ns:b');
    expect(direct?.sourceHandle).toBe(`out:${f('a', 'x')}`);
    expect(direct?.targetHandle).toBe(`in:${f('b', 'y')}`);
    expect(direct?.className).toContain('edge-direct');
  });

  it('dims cards and edges off the path of the selected column and lights those on it', () => {
    const path = columnPath(f('b', 'y'), lineage.edges);
    const { nodes, edges } = toFlow({ ...base, path, selectedColumn: f('b', 'y') });
    const dimmed = nodes.filter((n) => n.data.dim).map((n) => n.id);
    expect(dimmed).toEqual([]);
    const all = computeVisibleSet(model, {
      focus: 'dataset:ns:a',
      budget: 50,
      expanded: new Set(),
      collapsed: new Set(),
    });
    const fromA = toFlow({ ...base, visible: all, path, selectedColumn: f('b', 'y') });
    expect(fromA.nodes.find((n) => n.id === 'dataset:ns:d')?.data.dim).toBe(true);
    expect(fromA.edges.find((e) => e.target === 'dataset:ns:d')?.className).toContain('edge-dim');
    expect(edges.find((e) => e.target === 'dataset:ns:c')?.className).toContain('edge-lit');
  });

  it('colours cards and edges that appeared or disappeared in diff mode', () => {
    const diff = new Map([
      [f('c', 'w'), 'added' as const],
      [`DERIVES|${f('b', 'y')}|${f('c', 'w')}`, 'added' as const],
    ]);
    const { nodes, edges } = toFlow({ ...base, diff });
    expect(nodes.find((n) => n.id === 'dataset:ns:c')?.data.diff).toBe('added');
    expect(edges.find((e) => e.target === 'dataset:ns:c')?.className).toContain('edge-added');
  });

  it('offers to load more at the depth frontier only where nothing is hidden', () => {
    const { nodes } = toFlow(base);
    const c = nodes.find((n) => n.id === 'dataset:ns:c');
    expect(c?.data.canLoad.down).toBe(true);
    expect(nodes.find((n) => n.id === 'dataset:ns:b')?.data.canLoad).toEqual({ up: false, down: false });
  });
});

describe('cardHandles', () => {
  it('puts a card handle on each side and one pair per column row, top to bottom', () => {
    const card = model.cards.get('dataset:ns:a');
    if (!card) throw new Error('fixture card missing');
    const handles = cardHandles(card, 264);
    expect(handles.map((h) => h.id)).toEqual([
      'in',
      'out',
      `in:${f('a', 'x')}`,
      `out:${f('a', 'x')}`,
      `in:${f('a', 'z')}`,
      `out:${f('a', 'z')}`,
    ]);
    const rows = handles.filter((h) => h.id?.startsWith('in:')).map((h) => h.y);
    expect(rows[1]).toBeGreaterThan(rows[0] ?? 0);
    expect(handles.find((h) => h.id === 'out')?.x).toBeGreaterThan(200);
  });
});
