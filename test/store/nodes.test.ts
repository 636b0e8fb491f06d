import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from './builders.js';

forEachEngine('node upserts and aliases', (getStore) => {
  it('creates a node with the given properties and its observation time', async () => {
    const store = getStore();
    await apply(store, {
      nodes: [
        node('dataset:postgres://db:5432:public.orders', T(1), {
          subtype: 'table',
          description: 'Orders',
          owners: [{ name: 'team:data', type: 'team' }],
          tags: ['pii'],
          facets: { schema: { fields: [] }, gone: null },
          attributes: { rows: 3 },
        }),
      ],
    });
    const found = await store.getNode('dataset:postgres://db:5432:public.orders');
    expect(found).toEqual({
      id: 'dataset:postgres://db:5432:public.orders',
      kind: 'dataset',
      namespace: 'postgres://db:5432',
      name: 'public.orders',
      subtype: 'table',
      description: 'Orders',
      owners: [{ name: 'team:data', type: 'team' }],
      tags: ['pii'],
      facets: { schema: { fields: [] } },
      attributes: { rows: 3 },
      createdAt: T(1),
      updatedAt: T(1),
      deletedAt: null,
    });
  });

  it('merges facets by key and removes facets set to null or marked _deleted', async () => {
    const store = getStore();
    const id = 'dataset:ns:t';
    await apply(store, { nodes: [node(id, T(1), { facets: { a: 1, b: 2, c: 3 } })] });
    await apply(store, { nodes: [node(id, T(2), { facets: { a: 10, b: null, c: { _deleted: true }, d: 4 } })] });
    expect((await store.getNode(id))?.facets).toEqual({ a: 10, d: 4 });
  });

  it('replaces owners and tags only when given and merges attributes', async () => {
    const store = getStore();
    const id = 'job:ns:j';
    await apply(store, {
      nodes: [node(id, T(1), { owners: [{ name: 'a' }], tags: ['x'], attributes: { p: 1, q: 2 } })],
    });
    await apply(store, { nodes: [node(id, T(2), { attributes: { q: 3 } })] });
    let found = await store.getNode(id);
    expect(found?.owners).toEqual([{ name: 'a' }]);
    expect(found?.tags).toEqual(['x']);
    expect(found?.attributes).toEqual({ p: 1, q: 3 });
    await apply(store, { nodes: [node(id, T(3), { owners: [{ name: 'b' }], tags: [] })] });
    found = await store.getNode(id);
    expect(found?.owners).toEqual([{ name: 'b' }]);
    expect(found?.tags).toEqual([]);
  });

  it('keeps the earliest observation as createdAt and the latest as updatedAt', async () => {
    const store = getStore();
    const id = 'dataset:ns:t';
    await apply(store, { nodes: [node(id, T(5))] });
    await apply(store, { nodes: [node(id, T(3))] });
    await apply(store, { nodes: [node(id, T(7))] });
    expect(await store.getNode(id)).toMatchObject({ createdAt: T(3), updatedAt: T(7) });
  });

  it('marks a node deleted and revives it', async () => {
    const store = getStore();
    const id = 'dataset:ns:t';
    await apply(store, { nodes: [node(id, T(1))] });
    await apply(store, { nodes: [node(id, T(2), { deletedAt: T(2) })] });
    expect((await store.getNode(id))?.deletedAt).toBe(T(2));
    await apply(store, { nodes: [node(id, T(3))] });
    expect((await store.getNode(id))?.deletedAt).toBe(T(2));
    await apply(store, { nodes: [node(id, T(4), { deletedAt: null })] });
    expect((await store.getNode(id))?.deletedAt).toBeNull();
  });

  it('answers getNode asOf with null before the node was created', async () => {
    const store = getStore();
    await apply(store, { nodes: [node('dataset:ns:t', T(5))] });
    expect(await store.getNode('dataset:ns:t', { asOf: T(4) })).toBeNull();
    expect(await store.getNode('dataset:ns:t', { asOf: T(5) })).not.toBeNull();
    expect(await store.getNode('dataset:ns:missing')).toBeNull();
  });

  it('creates minimal nodes for edge endpoints nobody upserted', async () => {
    const store = getStore();
    await apply(store, {
      edgeSets: [
        {
          scope: 'job:ns:j',
          at: T(1),
          mode: 'replace',
          runId: null,
          edges: [edge('DERIVES', 'datasetField:kafka://b1:9092,b2:9092:topic:a.b', 'datasetField:ns:t:c')],
        },
      ],
    });
    expect(await store.getNode('datasetField:kafka://b1:9092,b2:9092:topic:a.b')).toMatchObject({
      kind: 'datasetField',
      namespace: 'kafka://b1:9092,b2:9092',
      name: 'topic',
      attributes: { field: 'a.b' },
      createdAt: T(1),
    });
  });

  it('resolves a recorded alias to its canonical dataset on reads and writes', async () => {
    const store = getStore();
    const canonical = 'dataset:hive://warehouse:db.orders';
    const alias = 'dataset:s3://bucket:/warehouse/orders';
    await apply(store, {
      nodes: [node(canonical, T(1), { description: 'the table' })],
      aliases: [{ alias, canonical }],
    });
    expect(await store.resolveAliases([alias, canonical, 'dataset:ns:other'])).toEqual(new Map([[alias, canonical]]));
    expect((await store.getNode(alias))?.id).toBe(canonical);
    await apply(store, {
      nodes: [node(alias, T(2), { tags: ['from-alias'] })],
      edgeSets: [
        {
          scope: 'job:ns:j',
          at: T(2),
          mode: 'replace',
          runId: null,
          edges: [
            edge('INPUT', alias, 'job:ns:j'),
            edge('DERIVES', `datasetField:s3://bucket:/warehouse/orders:id`, 'datasetField:ns:out:id'),
          ],
        },
      ],
    });
    const merged = await store.getNode(canonical);
    expect(merged).toMatchObject({ namespace: 'hive://warehouse', name: 'db.orders', tags: ['from-alias'] });
    const edges = await store.listEdges({ nodeId: canonical });
    expect(edges.map((e) => e.source)).toEqual([canonical]);
    const derives = await store.listEdges({ nodeId: 'datasetField:ns:out:id' });
    expect(derives[0]?.source).toBe('datasetField:hive://warehouse:db.orders:id');
    expect(await store.getNodes([alias, canonical])).toHaveLength(1);
  });

  it('lists nodes by kind, namespace, subtype and asOf with paging', async () => {
    const store = getStore();
    await apply(store, {
      nodes: [
        node('dataset:a:t1', T(1), { subtype: 'table' }),
        node('dataset:a:t2', T(2), { subtype: 'view' }),
        node('dataset:b:t3', T(3), { subtype: 'table' }),
        node('job:a:j', T(1)),
      ],
    });
    const datasets = await store.listNodes({ kind: 'dataset' });
    expect(datasets.total).toBe(3);
    expect((await store.listNodes({ kind: 'dataset', namespace: 'a' })).items.map((n) => n.id)).toEqual([
      'dataset:a:t1',
      'dataset:a:t2',
    ]);
    expect((await store.listNodes({ subtype: 'table' })).total).toBe(2);
    expect((await store.listNodes({ asOf: T(1) })).total).toBe(2);
    const page = await store.listNodes({ kind: 'dataset', limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, items: [{ id: 'dataset:a:t2' }] });
  });

  it('returns requested nodes in order, once each, leaving unknown ids out', async () => {
    const store = getStore();
    await apply(store, { nodes: [node('dataset:a:x', T(1)), node('dataset:a:y', T(1))] });
    const nodes = await store.getNodes(['dataset:a:y', 'dataset:a:nope', 'dataset:a:x', 'dataset:a:y']);
    expect(nodes.map((n) => n.id)).toEqual(['dataset:a:y', 'dataset:a:x']);
  });

  it('summarises namespaces with their node counts', async () => {
    const store = getStore();
    await apply(store, {
      nodes: [node('dataset:a:t1', T(1)), node('dataset:a:t2', T(3)), node('job:b:j', T(2))],
    });
    expect(await store.listNamespaces()).toEqual([
      { name: 'a', createdAt: T(1), updatedAt: T(3), nodeCount: 2 },
      { name: 'b', createdAt: T(2), updatedAt: T(2), nodeCount: 1 },
    ]);
  });

  it('searches names, namespaces, descriptions and tags case-insensitively', async () => {
    const store = getStore();
    await apply(store, {
      nodes: [
        node('dataset:warehouse:public.Customers', T(1)),
        node('dataset:warehouse:public.orders', T(1), { description: 'All CUSTOMER orders' }),
        node('job:etl:load_customers', T(1)),
        node('dataset:lake:events', T(1), { tags: ['customer-facing'] }),
        node('dataset:lake:100%_done', T(1)),
      ],
    });
    const all = await store.search({ q: 'customer' });
    expect(all.total).toBe(4);
    expect((await store.search({ q: 'customer', kinds: ['job'] })).items.map((n) => n.id)).toEqual([
      'job:etl:load_customers',
    ]);
    expect((await store.search({ q: 'customer', namespace: 'lake' })).total).toBe(1);
    expect((await store.search({ q: '%' })).items.map((n) => n.id)).toEqual(['dataset:lake:100%_done']);
    expect((await store.search({ q: 'public.customers' })).items[0]?.id).toBe('dataset:warehouse:public.Customers');
  });

  it('lists the nodes carrying a tag, whatever its case, as of a time and within namespaces', async () => {
    const store = getStore();
    await apply(store, {
      nodes: [
        node('datasetField:crm:customers:email', T(1), { tags: ['PII', 'gold'] }),
        node('dataset:crm:payments', T(3), { tags: ['sensitive'] }),
        node('dataset:lake:events', T(1), { tags: ['pii'] }),
        node('dataset:lake:clicks', T(1), { tags: ['daily'] }),
        node('dataset:lake:untagged', T(1)),
      ],
    });
    const ids = async (query: Parameters<typeof store.listTaggedNodes>[0]) =>
      (await store.listTaggedNodes(query)).map((n) => n.id);
    expect(await ids({ tags: ['pii', 'sensitive'] })).toEqual([
      'dataset:crm:payments',
      'dataset:lake:events',
      'datasetField:crm:customers:email',
    ]);
    expect(await ids({ tags: ['pii', 'sensitive'], asOf: T(2) })).toEqual([
      'dataset:lake:events',
      'datasetField:crm:customers:email',
    ]);
    expect(await ids({ tags: ['PII'], namespaces: ['crm'] })).toEqual(['datasetField:crm:customers:email']);
    expect(await ids({ tags: ['gold'], namespaces: [] })).toEqual([]);
  });

  it('lists the ids sorting next to an id, on both sides, in order', async () => {
    const store = getStore();
    await apply(store, {
      nodes: ['a', 'b', 'c', 'e', 'f', 'g'].map((name) => node(`dataset:pg:orders_${name}`, T(1))),
    });
    expect(await store.listIdsNear('dataset:pg:orders_d', 2)).toEqual([
      'dataset:pg:orders_b',
      'dataset:pg:orders_c',
      'dataset:pg:orders_e',
      'dataset:pg:orders_f',
    ]);
    expect(await store.listIdsNear('dataset:pg:orders_a', 1)).toEqual(['dataset:pg:orders_b']);
  });

  it('lists nodes created or updated in a window', async () => {
    const store = getStore();
    await apply(store, { nodes: [node('dataset:a:t1', T(1)), node('dataset:a:t2', T(3))] });
    await apply(store, { nodes: [node('dataset:a:t1', T(4))] });
    const changes = await store.listNodeChanges(T(2), T(4));
    expect(changes.items.map((n) => n.id).sort()).toEqual(['dataset:a:t1', 'dataset:a:t2']);
    expect((await store.listNodeChanges(T(4), T(9))).total).toBe(0);
  });
});
