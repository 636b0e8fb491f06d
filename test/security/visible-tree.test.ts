import { expect, it } from 'vitest';
import { visibleTree } from '../../src/server/auth/visible-tree.js';
import type { NodeSummary, WalkTree } from '../../src/store/store.js';

const summary = (id: string, namespace: string): NodeSummary => ({
  id,
  kind: 'dataset',
  namespace,
  name: id,
  subtype: null,
  field: null,
  owners: [],
  parentId: null,
});

it('keeps only visible nodes whose whole path back to a start is visible, with their edges reindexed', () => {
  const [a, hidden, c, d] = [summary('a', 'mine'), summary('h', 'theirs'), summary('c', 'mine'), summary('d', 'mine')];
  const secretJob = summary('job', 'theirs');
  const tree: WalkTree = {
    nodes: [
      { node: a, depth: 0, reachedBy: -1, from: -1 },
      { node: hidden, depth: 1, reachedBy: 0, from: 0 },
      { node: d, depth: 1, reachedBy: 1, from: 0 },
      { node: c, depth: 2, reachedBy: 2, from: 1 },
    ],
    edges: [
      { kind: 'DERIVES', source: 0, target: 1, via: null, transformations: [], open: true },
      { kind: 'DERIVES', source: 0, target: 2, via: secretJob, transformations: [], open: true },
      { kind: 'DERIVES', source: 1, target: 3, via: null, transformations: [], open: true },
    ],
    parents: new Map([
      ['p-mine', summary('p-mine', 'mine')],
      ['p-theirs', summary('p-theirs', 'theirs')],
    ]),
    partial: false,
  };
  const seen = visibleTree(tree, (node) => node.namespace === 'mine');
  expect(seen.nodes.map((entry) => [entry.node.id, entry.reachedBy, entry.from])).toEqual([
    ['a', -1, -1],
    ['d', 0, 0],
  ]);
  expect(seen.edges).toEqual([{ kind: 'DERIVES', source: 0, target: 1, via: null, transformations: [], open: true }]);
  expect([...seen.parents.keys()]).toEqual(['p-mine']);
});
