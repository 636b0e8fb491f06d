import { expect, it } from 'vitest';
import type { Store, TraversalQuery, WalkTree } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from './builders.js';
import { A, B, f, J1, J2, seedLineage } from './lineage-seed.js';

/** The shared lineage, with b owned by the data team. */
async function seed(store: Store): Promise<void> {
  await seedLineage(store);
  await apply(store, { nodes: [node(B, T(1), { owners: [{ name: 'team:data', type: 'team' }] })] });
}

/** The ids from a start down to `id`, read off the tree's `reachedBy` links. */
function pathTo(tree: WalkTree, id: string): string[] {
  const path: string[] = [];
  let at = tree.nodes.findIndex((entry) => entry.node.id === id);
  while (at >= 0) {
    const entry = tree.nodes[at];
    if (!entry) break;
    path.unshift(entry.node.id);
    const edge = tree.edges[entry.reachedBy];
    at = edge ? (edge.target === at ? edge.source : edge.target) : -1;
  }
  return path;
}

forEachEngine('walk tree', (getStore) => {
  it('returns summaries with depths, the edge that first reached each node, jobs and parents', async () => {
    const store = getStore();
    await seed(store);
    const tree = await store.walkTree({ start: [f('a', 'x')], direction: 'downstream', level: 'column', depth: 10 });
    expect(tree.nodes.map((entry) => [entry.node.id, entry.depth])).toEqual([
      [f('a', 'x'), 0],
      [f('b', 'y'), 1],
      [f('c', 'z'), 2],
    ]);
    expect(tree.nodes[0]?.reachedBy).toBe(-1);
    expect(pathTo(tree, f('c', 'z'))).toEqual([f('a', 'x'), f('b', 'y'), f('c', 'z')]);
    const y = tree.nodes[1]?.node;
    expect(y).toMatchObject({ kind: 'datasetField', namespace: 'pg', name: 'b', field: 'y', parentId: B });
    expect(tree.parents.get(B)?.owners).toEqual([{ name: 'team:data', type: 'team' }]);
    expect(tree.edges.map((e) => [e.kind, e.via?.id, e.transformations, e.open])).toEqual([
      ['DERIVES', J1, [{ type: 'DIRECT', subtype: 'IDENTITY' }], true],
      ['DERIVES', J2, [{ type: 'DIRECT', subtype: 'AGGREGATION' }], true],
    ]);
    expect(tree.partial).toBe(false);
  });

  it('walks upstream, keeping edge direction, and follows only edges valid at asOf', async () => {
    const store = getStore();
    await seed(store);
    const now = await store.walkTree({ start: [f('c', 'z')], direction: 'upstream', level: 'column', depth: 10 });
    expect(now.nodes.map((entry) => entry.node.id).sort()).toEqual([
      f('a', 'w'),
      f('a', 'x'),
      f('b', 'y'),
      f('c', 'z'),
    ]);
    const reached = now.edges[now.nodes[1]?.reachedBy ?? -1];
    expect(reached && now.nodes[reached.target]?.node.id).toBe(f('c', 'z'));
    const before = await store.walkTree({
      start: [f('c', 'z')],
      direction: 'upstream',
      level: 'column',
      depth: 10,
      asOf: T(0, 12),
    });
    expect(before.nodes.map((entry) => entry.node.id)).toEqual([f('c', 'z')]);
  });

  it('follows only edges that carry values unmasked when asked for DIRECT without masking', async () => {
    const store = getStore();
    const source = 'datasetField:pg:users:email';
    const target = (name: string) => `datasetField:pg:out:${name}`;
    await apply(store, {
      edgeSets: [
        {
          scope: 'job:pg:mask',
          at: T(1),
          mode: 'replace',
          runId: null,
          edges: [
            edge('DERIVES', source, target('copy'), { transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }),
            edge('DERIVES', source, target('hash'), {
              transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
            }),
            edge('DERIVES', source, target('joined'), { transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }] }),
          ],
        },
      ],
    });
    const reached = async (transformations: TraversalQuery['transformations']) =>
      (
        await store.walkTree({ start: [source], direction: 'downstream', level: 'column', depth: 2, transformations })
      ).nodes
        .map((entry) => entry.node.id)
        .slice(1)
        .sort();
    expect(await reached([{ type: 'DIRECT', masking: false }])).toEqual([target('copy')]);
    expect(await reached([{ type: 'DIRECT' }])).toEqual([target('copy'), target('hash')]);
  });

  it('says partial when the depth or the node budget cuts the walk', async () => {
    const store = getStore();
    await seed(store);
    const shallow = await store.walkTree({ start: [f('a', 'x')], direction: 'downstream', level: 'column', depth: 1 });
    expect(shallow.nodes).toHaveLength(2);
    expect(shallow.partial).toBe(true);
    const small = await store.walkTree({
      start: [A],
      direction: 'downstream',
      level: 'dataset',
      depth: 10,
      maxNodes: 2,
    });
    expect(small.nodes.map((entry) => entry.node.id)).toEqual([A, J1]);
    expect(small.edges).toHaveLength(1);
    expect(small.partial).toBe(true);
  });

  it('sees owners written after the summaries were cached', async () => {
    const store = getStore();
    await seed(store);
    const first = await store.walkTree({ start: [A], direction: 'downstream', level: 'dataset', depth: 2 });
    expect(first.nodes.find((entry) => entry.node.id === B)?.node.owners).toHaveLength(1);
    await apply(store, { nodes: [node(B, T(3), { owners: [{ name: 'team:finance', type: 'team' }] })] });
    const second = await store.walkTree({ start: [A], direction: 'downstream', level: 'dataset', depth: 2 });
    expect(second.nodes.find((entry) => entry.node.id === B)?.node.owners.map((o) => o.name)).toContain('team:finance');
  });

  it('rejects an unknown start like traverse does, and answers an empty start with an empty tree', async () => {
    const store = getStore();
    await seed(store);
    await expect(
      store.walkTree({ start: ['dataset:pg:nope'], direction: 'downstream', level: 'dataset', depth: 3 }),
    ).rejects.toThrow(/dataset:pg:nope/);
    const empty = await store.walkTree({ start: [], direction: 'downstream', level: 'dataset', depth: 3 });
    expect(empty).toMatchObject({ nodes: [], edges: [], partial: false });
  });
});
