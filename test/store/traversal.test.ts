import { expect, it } from 'vitest';
import type { EdgeInput } from '../../src/model/graph.js';
import { SqlStore } from '../../src/store/sql-store.js';
import type { Subgraph } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from './builders.js';
import { A, B, C, f, J1, J2, seedLineage as seed } from './lineage-seed.js';

const ids = (g: Subgraph): string[] => g.nodes.map((n) => n.node.id).sort();
const depthOf = (g: Subgraph, id: string): number | undefined => g.nodes.find((n) => n.node.id === id)?.depth;

forEachEngine('traversal', (getStore, ctx) => {
  it('walks upstream along edges backwards with each node at its depth', async () => {
    const store = getStore();
    await seed(store);
    const g = await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset' });
    expect(ids(g)).toEqual([A, B, C, J1, J2].sort());
    expect([depthOf(g, C), depthOf(g, J2), depthOf(g, B), depthOf(g, J1), depthOf(g, A)]).toEqual([0, 1, 2, 3, 4]);
    expect(g.edges).toHaveLength(4);
    expect(g.partial).toBe(false);
    expect(g.nodes.find((n) => n.node.id === A)?.node.kind).toBe('dataset');
  });

  it('walks downstream along edges forwards', async () => {
    const store = getStore();
    await seed(store);
    const g = await store.traverse({ start: [B], direction: 'downstream', depth: 5, level: 'dataset' });
    expect(ids(g)).toEqual([B, C, J2].sort());
    expect(g.edges.map((e) => e.kind).sort()).toEqual(['INPUT', 'OUTPUT']);
  });

  it('walks both ways as the union of ancestors and descendants', async () => {
    const store = getStore();
    await seed(store);
    await apply(store, {
      edgeSets: [
        { scope: 'job:etl:side', at: T(1), mode: 'replace', runId: null, edges: [edge('INPUT', A, 'job:etl:side')] },
      ],
    });
    const g = await store.traverse({ start: [B], direction: 'both', depth: 20, level: 'dataset' });
    expect(ids(g)).toEqual([A, B, C, J1, J2].sort());
  });

  it('says partial when the depth bound cut the walk, and not when the graph simply ended', async () => {
    const store = getStore();
    await seed(store);
    const cut = await store.traverse({ start: [C], direction: 'upstream', depth: 2, level: 'dataset' });
    expect(ids(cut)).toEqual([B, C, J2].sort());
    expect(cut.partial).toBe(true);
    const exact = await store.traverse({ start: [C], direction: 'upstream', depth: 4, level: 'dataset' });
    expect(exact.partial).toBe(false);
    const zero = await store.traverse({ start: [C], direction: 'upstream', depth: 0, level: 'dataset' });
    expect(ids(zero)).toEqual([C]);
    expect(zero.partial).toBe(true);
  });

  it('says partial when the node budget cut the walk', async () => {
    const store = getStore();
    await seed(store);
    const g = await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset', maxNodes: 3 });
    expect(g.nodes).toHaveLength(3);
    expect(g.partial).toBe(true);
    for (const e of g.edges) {
      expect(ids(g)).toContain(e.source);
      expect(ids(g)).toContain(e.target);
    }
  });

  it('walks column lineage at column level only', async () => {
    const store = getStore();
    await seed(store);
    const g = await store.traverse({ start: [f('c', 'z')], direction: 'upstream', depth: 10, level: 'column' });
    expect(ids(g)).toEqual([f('a', 'w'), f('a', 'x'), f('b', 'y'), f('c', 'z')].sort());
    expect(g.edges.every((e) => e.kind === 'DERIVES')).toBe(true);
    const datasetLevel = await store.traverse({
      start: [f('c', 'z')],
      direction: 'upstream',
      depth: 10,
      level: 'dataset',
    });
    expect(ids(datasetLevel)).toEqual([f('c', 'z')]);
  });

  it('follows only DERIVES edges whose transformations match the filter', async () => {
    const store = getStore();
    await seed(store);
    const direct = await store.traverse({
      start: [f('c', 'z')],
      direction: 'upstream',
      depth: 10,
      level: 'column',
      transformations: [{ type: 'DIRECT' }],
    });
    expect(ids(direct)).toEqual([f('a', 'x'), f('b', 'y'), f('c', 'z')].sort());
    const filters = await store.traverse({
      start: [f('b', 'y')],
      direction: 'upstream',
      depth: 10,
      level: 'column',
      transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
    });
    expect(ids(filters)).toEqual([f('a', 'w'), f('b', 'y')].sort());
  });

  it('restricts the walk to the given edge kinds', async () => {
    const store = getStore();
    await seed(store);
    const g = await store.traverse({
      start: [J1],
      direction: 'downstream',
      depth: 10,
      level: 'dataset',
      edgeKinds: ['OUTPUT'],
    });
    expect(ids(g)).toEqual([B, J1].sort());
  });

  it('walks the graph as it was at asOf', async () => {
    const store = getStore();
    await seed(store);
    await apply(store, {
      edgeSets: [
        { scope: J2, at: T(5), mode: 'replace', runId: 'r3', edges: [edge('INPUT', A, J2), edge('OUTPUT', J2, C)] },
      ],
    });
    const now = await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset' });
    expect(ids(now)).toEqual([A, C, J2].sort());
    const then = await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset', asOf: T(3) });
    expect(ids(then)).toEqual([A, B, C, J1, J2].sort());
    const before = await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset', asOf: T(0) });
    expect(ids(before)).toEqual([C]);
  });

  it('terminates on cycles', async () => {
    const store = getStore();
    const loop: EdgeInput[] = [edge('INPUT', A, J1), edge('OUTPUT', J1, A)];
    await apply(store, { edgeSets: [{ scope: J1, at: T(1), mode: 'replace', runId: null, edges: loop }] });
    const g = await store.traverse({ start: [A], direction: 'both', depth: 50, level: 'dataset' });
    expect(ids(g)).toEqual([A, J1].sort());
    expect(g.partial).toBe(false);
  });

  it('starts from several nodes and resolves aliases', async () => {
    const store = getStore();
    await seed(store);
    await apply(store, { aliases: [{ alias: 'dataset:s3://bucket:/c', canonical: C }] });
    const g = await store.traverse({
      start: ['dataset:s3://bucket:/c', A],
      direction: 'downstream',
      depth: 1,
      level: 'dataset',
    });
    expect(ids(g)).toEqual([A, C, J1].sort());
  });

  it('loads the index ahead of the first traversal on warmUp, and closes cleanly during a load', async () => {
    const store = getStore();
    await seed(store);
    if (!(store instanceof SqlStore)) throw new Error('expected a SqlStore');
    await store.warmUp();
    expect(ids(await store.traverse({ start: [A], direction: 'downstream', depth: 1, level: 'dataset' }))).toEqual(
      [A, J1].sort(),
    );
    if (ctx.openSecond) {
      const other = await ctx.openSecond();
      if (!(other instanceof SqlStore)) throw new Error('expected a SqlStore');
      const warming = other.warmUp();
      await other.close();
      await warming;
    }
  });

  it('rejects an unknown start node with NotFoundError', async () => {
    const store = getStore();
    await seed(store);
    await expect(
      store.traverse({ start: ['dataset:pg:nope'], direction: 'upstream', depth: 3, level: 'dataset' }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('sees edges written after the index was loaded', async () => {
    const store = getStore();
    await seed(store);
    expect(ids(await store.traverse({ start: [C], direction: 'downstream', depth: 5, level: 'dataset' }))).toEqual([C]);
    await apply(store, {
      edgeSets: [
        { scope: 'job:etl:j3', at: T(2), mode: 'replace', runId: null, edges: [edge('INPUT', C, 'job:etl:j3')] },
      ],
    });
    expect(ids(await store.traverse({ start: [C], direction: 'downstream', depth: 5, level: 'dataset' }))).toEqual(
      [C, 'job:etl:j3'].sort(),
    );
  });

  it('returns nodes and edges as they are now after they changed since an earlier traversal', async () => {
    const store = getStore();
    await seed(store);
    const query = { start: [f('c', 'z')], direction: 'upstream', depth: 1, level: 'column' } as const;
    const before = await store.traverse(query);
    expect(before.edges[0]?.transformations).toEqual([{ type: 'DIRECT', subtype: 'AGGREGATION' }]);
    await apply(store, {
      nodes: [node(f('b', 'y'), T(2), { description: 'renamed' })],
      edgeSets: [
        {
          scope: `${J2}|${C}`,
          at: T(2),
          mode: 'merge',
          runId: null,
          edges: [
            edge('DERIVES', f('b', 'y'), f('c', 'z'), {
              via: J2,
              transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
            }),
          ],
        },
      ],
    });
    const after = await store.traverse(query);
    expect(after.nodes.find((n) => n.node.id === f('b', 'y'))?.node.description).toBe('renamed');
    expect(after.edges[0]?.transformations).toEqual([{ type: 'DIRECT', subtype: 'IDENTITY' }]);
  });

  if (ctx.openSecond) {
    it('sees node and edge changes written by another store sharing the database', async () => {
      const open = ctx.openSecond;
      if (!open) return;
      const store = getStore();
      await seed(store);
      const other = await open();
      const query = { start: [C], direction: 'upstream', depth: 1, level: 'dataset' } as const;
      await store.traverse(query);
      await apply(other, {
        nodes: [node(J2, T(3), { description: 'from the other process' })],
        edgeSets: [
          {
            scope: J2,
            at: T(3),
            mode: 'replace',
            runId: 'r7',
            edges: [edge('OUTPUT', J2, C, { attributes: { x: 1 } })],
          },
        ],
      });
      const after = await store.traverse(query);
      expect(after.nodes.find((n) => n.node.id === J2)?.node.description).toBe('from the other process');
      expect(after.edges.map((e) => e.attributes)).toEqual([{ x: 1 }]);
    });

    it('stays exact when another store sharing the database writes', async () => {
      const open = ctx.openSecond;
      if (!open) return;
      const store = getStore();
      await seed(store);
      const other = await open();
      expect(
        ids(await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset' })),
      ).toHaveLength(5);
      await apply(other, {
        edgeSets: [{ scope: J2, at: T(4), mode: 'replace', runId: 'r9', edges: [edge('OUTPUT', J2, C)] }],
      });
      expect(ids(await store.traverse({ start: [C], direction: 'upstream', depth: 20, level: 'dataset' }))).toEqual(
        [C, J2].sort(),
      );
    });
  }
});
