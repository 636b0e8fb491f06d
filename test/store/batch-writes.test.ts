import { expect, it } from 'vitest';
import type { Mutation } from '../../src/model/mutation.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { edge, event, mutation, node, T } from './builders.js';

/** Mutations that revisit the same nodes, scope and edges, named under prefix `p`. */
function history(p: string): Mutation[] {
  const id = (name: string): string => `dataset:${p}:${name}`;
  const scope = `${p}-job`;
  return [
    mutation({
      nodes: [node(id('a'), T(1), { facets: { one: { v: 1 } } })],
      edgeSets: [
        {
          scope,
          at: T(1),
          mode: 'replace',
          runId: 'r1',
          edges: [edge('DERIVES', id('a'), id('b')), edge('DERIVES', id('a'), id('c'))],
        },
      ],
    }),
    mutation({
      nodes: [node(id('a'), T(2), { facets: { two: { v: 2 } } }), node(id('b'), T(2))],
      edgeSets: [
        {
          scope,
          at: T(2),
          mode: 'replace',
          runId: 'r2',
          edges: [edge('DERIVES', id('a'), id('b'), { attributes: { x: 1 } })],
        },
      ],
    }),
    mutation({
      nodes: [node(id('a'), T(3))],
      edgeSets: [{ scope, at: T(3), mode: 'merge', runId: null, edges: [edge('DERIVES', id('a'), id('d'))] }],
    }),
    mutation({
      edgeSets: [
        {
          scope,
          at: T(3),
          mode: 'merge',
          runId: null,
          edges: [edge('DERIVES', id('a'), id('d'), { attributes: { y: 2 } })],
        },
      ],
    }),
    mutation({
      edgeSets: [{ scope, at: T(1, 12), mode: 'replace', runId: 'r3', edges: [edge('DERIVES', id('a'), id('z'))] }],
    }),
    mutation({
      edgeSets: [{ scope, at: T(1, 6), mode: 'merge', runId: null, edges: [edge('DERIVES', id('a'), id('e'))] }],
    }),
  ];
}

async function snapshot(store: Store, p: string): Promise<unknown> {
  const a = await store.getNode(`dataset:${p}:a`);
  const edges = await store.listEdges({ nodeId: `dataset:${p}:a`, direction: 'out', includeClosed: true });
  const strip = (text: string): string => text.replaceAll(`${p}`, 'P');
  return {
    node: { facets: a?.facets, createdAt: a?.createdAt, updatedAt: a?.updatedAt },
    edges: edges
      .map((e) => ({
        target: strip(e.target),
        validFrom: e.validFrom,
        validTo: e.validTo,
        attributes: e.attributes,
      }))
      .sort((x, y) => `${x.target}${x.validFrom}`.localeCompare(`${y.target}${y.validFrom}`)),
  };
}

forEachEngine('batched writes', (getStore) => {
  it('applies a batch with the semantics of one ingest per record, revisiting nodes, scopes and edges', async () => {
    const store = getStore();
    const results = await store.ingestBatch(history('batch').map((m) => ({ event: event(), mutation: m })));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    for (const m of history('single')) await store.ingest(event(), m);
    const batched = await snapshot(store, 'batch');
    expect(batched).toEqual(await snapshot(store, 'single'));
    expect((batched as { edges: unknown[] }).edges.length).toBeGreaterThan(3);
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 12 });
  });

  it('gives each concurrent caller its own outcome when one record fails to apply', async () => {
    const store = getStore();
    const bad = mutation({
      nodes: [node('dataset:ns:bad', T(1))],
      assertionResults: [
        { nodeId: 'not-a-node-id', assertion: 'x', status: 'pass', at: T(1), runId: null, severity: null, details: {} },
      ],
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.ingest(event({ concurrent: i }), i === 2 ? bad : mutation({ nodes: [node(`dataset:ns:n${i}`, T(1))] })),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    const seqs = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.seq] : []));
    expect(new Set(seqs).size).toBe(5);
    expect(await store.getNode('dataset:ns:bad')).toBeNull();
    expect((await store.getNode('dataset:ns:n5'))?.id).toBe('dataset:ns:n5');
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 5 });
  });
});
