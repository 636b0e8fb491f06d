import { expect, it } from 'vitest';
import type { GraphEdge } from '../../src/model/graph.js';
import type { EdgeSet } from '../../src/model/mutation.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from './builders.js';

const JOB = 'job:ns:etl';
const A = 'dataset:ns:a';
const B = 'dataset:ns:b';
const C = 'dataset:ns:c';

function set(at: string, mode: EdgeSet['mode'], runId: string | null, targets: string[], scope = JOB): EdgeSet {
  return { scope, at, mode, runId, edges: targets.map((t) => edge('INPUT', t, JOB)) };
}

const brief = (edges: GraphEdge[]): [string, string, string | null][] =>
  edges.map((e) => [e.source, e.validFrom, e.validTo] as [string, string, string | null]).sort();

forEachEngine('edges, validity intervals and asOf', (getStore) => {
  it('opens the edges of a replace and closes, never deletes, those a later replace drops', async () => {
    const store = getStore();
    await apply(store, { edgeSets: [set(T(1), 'replace', 'r1', [A, B])] });
    await apply(store, { edgeSets: [set(T(3), 'replace', 'r2', [B, C])] });
    expect(brief(await store.listEdges({ nodeId: JOB }))).toEqual([
      [B, T(1), null],
      [C, T(3), null],
    ]);
    expect(brief(await store.listEdges({ nodeId: JOB, includeClosed: true }))).toEqual([
      [A, T(1), T(3)],
      [B, T(1), null],
      [C, T(3), null],
    ]);
    expect(brief(await store.listEdges({ nodeId: JOB, asOf: T(2) }))).toEqual([
      [A, T(1), T(3)],
      [B, T(1), null],
    ]);
    expect(await store.listEdges({ nodeId: JOB, asOf: T(0) })).toEqual([]);
  });

  it('accumulates the partial events of one run instead of flapping', async () => {
    const store = getStore();
    await apply(store, { edgeSets: [set(T(1), 'replace', 'r1', [A])] });
    await apply(store, { edgeSets: [set(T(1, 2), 'replace', 'r1', [B])] });
    expect(brief(await store.listEdges({ nodeId: JOB, includeClosed: true }))).toEqual([
      [A, T(1), null],
      [B, T(1, 2), null],
    ]);
  });

  it('ignores a late replace from another run: history is not rewritten', async () => {
    const store = getStore();
    await apply(store, { edgeSets: [set(T(3), 'replace', 'r2', [A])] });
    await apply(store, { edgeSets: [set(T(1), 'replace', 'r1', [B])] });
    expect(brief(await store.listEdges({ nodeId: JOB, includeClosed: true }))).toEqual([[A, T(3), null]]);
  });

  it('merge opens what is not open and closes nothing', async () => {
    const store = getStore();
    await apply(store, { edgeSets: [set(T(1), 'merge', null, [A])] });
    await apply(store, { edgeSets: [set(T(2), 'merge', null, [A, B])] });
    expect(brief(await store.listEdges({ nodeId: JOB }))).toEqual([
      [A, T(1), null],
      [B, T(2), null],
    ]);
  });

  it('records a merge older than the last replace as closed by that replace', async () => {
    const store = getStore();
    await apply(store, { edgeSets: [set(T(3), 'replace', 'r2', [A])] });
    await apply(store, { edgeSets: [set(T(1), 'merge', 'r1', [A, B])] });
    expect(brief(await store.listEdges({ nodeId: JOB, includeClosed: true }))).toEqual([
      [A, T(3), null],
      [B, T(1), T(3)],
    ]);
  });

  it('closes and reopens an edge whose transformations changed on replace', async () => {
    const store = getStore();
    const scope = `${JOB}|dataset:ns:out`;
    const derive = (subtype: string) =>
      edge('DERIVES', 'datasetField:ns:a:x', 'datasetField:ns:out:y', {
        via: JOB,
        origin: 'sql',
        transformations: [{ type: 'DIRECT', subtype }],
      });
    await apply(store, { edgeSets: [{ scope, at: T(1), mode: 'replace', runId: 'r1', edges: [derive('IDENTITY')] }] });
    await apply(store, { edgeSets: [{ scope, at: T(2), mode: 'replace', runId: 'r2', edges: [derive('IDENTITY')] }] });
    await apply(store, {
      edgeSets: [{ scope, at: T(3), mode: 'replace', runId: 'r3', edges: [derive('TRANSFORMATION')] }],
    });
    const all = await store.listEdges({ nodeId: 'datasetField:ns:out:y', includeClosed: true });
    expect(all.map((e) => [e.transformations[0]?.subtype, e.validFrom, e.validTo])).toEqual([
      ['IDENTITY', T(1), T(3)],
      ['TRANSFORMATION', T(3), null],
    ]);
    expect(all[1]).toMatchObject({ kind: 'DERIVES', origin: 'sql', via: JOB, attributes: {} });
    const then = await store.listEdges({ nodeId: 'datasetField:ns:out:y', asOf: T(2) });
    expect(then[0]?.transformations).toEqual([{ type: 'DIRECT', subtype: 'IDENTITY' }]);
  });

  it('filters edges by direction and kind', async () => {
    const store = getStore();
    await apply(store, {
      edgeSets: [
        {
          scope: JOB,
          at: T(1),
          mode: 'replace',
          runId: null,
          edges: [edge('INPUT', A, JOB), edge('OUTPUT', JOB, B)],
        },
      ],
    });
    expect((await store.listEdges({ nodeId: JOB, direction: 'in' })).map((e) => e.kind)).toEqual(['INPUT']);
    expect((await store.listEdges({ nodeId: JOB, direction: 'out' })).map((e) => e.kind)).toEqual(['OUTPUT']);
    expect((await store.listEdges({ nodeId: JOB, kinds: ['OUTPUT'] })).map((e) => e.target)).toEqual([B]);
    expect(await store.listEdges({ nodeId: A, direction: 'out' })).toHaveLength(1);
    await expect(store.listEdges({ nodeId: 'dataset:ns:unknown' })).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it("keeps scopes apart: a replace in one scope does not close another scope's edges", async () => {
    const store = getStore();
    await apply(store, {
      edgeSets: [set(T(1), 'replace', null, [A], 'scope-1'), set(T(1), 'replace', null, [B], 'scope-2')],
    });
    await apply(store, { edgeSets: [set(T(2), 'replace', null, [], 'scope-1')] });
    expect(brief(await store.listEdges({ nodeId: JOB }))).toEqual([[B, T(1), null]]);
  });

  it('lists edges opened or closed in a window', async () => {
    const store = getStore();
    await apply(store, { edgeSets: [set(T(1), 'replace', 'r1', [A])] });
    await apply(store, { edgeSets: [set(T(3), 'replace', 'r2', [B])] });
    const changes = await store.listEdgeChanges(T(2), T(3));
    expect(brief(changes.items)).toEqual([
      [A, T(1), T(3)],
      [B, T(3), null],
    ]);
    expect((await store.listEdgeChanges(T(3), T(9))).total).toBe(0);
    expect((await store.listEdgeChanges(T(0), T(9), { limit: 1 })).items).toHaveLength(1);
  });

  it('applies a mutation with hundreds of nodes and edges at once', async () => {
    const store = getStore();
    const fields = Array.from({ length: 600 }, (_, i) => `datasetField:ns:wide:c${i}`);
    await apply(store, {
      nodes: fields.map((id, i) => node(id, T(1), { attributes: { ordinal: i } })),
      edgeSets: [
        {
          scope: `${JOB}|dataset:ns:out`,
          at: T(1),
          mode: 'replace',
          runId: null,
          edges: fields.map((id, i) => edge('DERIVES', id, `datasetField:ns:out:c${i % 7}`, { via: JOB })),
        },
      ],
    });
    expect((await store.listNodes({ kind: 'datasetField' })).total).toBe(607);
    const sources = await store.listEdges({ nodeId: 'datasetField:ns:out:c0', direction: 'in' });
    expect(sources).toHaveLength(86);
    const walk = await store.traverse({
      start: ['datasetField:ns:out:c3'],
      direction: 'upstream',
      depth: 1,
      level: 'column',
    });
    expect(walk.nodes).toHaveLength(87);
    expect(walk.edges).toHaveLength(86);
  });
});
