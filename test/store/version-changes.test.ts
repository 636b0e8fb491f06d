import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, T } from './builders.js';

const version = (datasetId: string, v: string, createdAt: string) => datasetVersion(datasetId, v, createdAt, ['a']);

forEachEngine('dataset version changes', (getStore) => {
  it('lists versions of every dataset created in the window, oldest first, whatever the node was updated', async () => {
    const store = getStore();
    await apply(store, { datasetVersions: [version('dataset:pg:a', 'a1', T(1)), version('dataset:pg:b', 'b1', T(2))] });
    await apply(store, { datasetVersions: [version('dataset:pg:a', 'a2', T(3)), version('dataset:pg:b', 'b2', T(4))] });
    const page = await store.listDatasetVersionChanges(T(1), T(3));
    expect(page.items.map((v) => v.version)).toEqual(['b1', 'a2']);
    expect(page.total).toBe(2);
  });

  it('lists the versions that changed a schema, with the version before, newest first, bounded', async () => {
    const store = getStore();
    const withFields = (datasetId: string, v: string, at: string, fields: string[]) => ({
      ...version(datasetId, v, at),
      fields: fields.map((name) => ({ name, type: 'int' })),
    });
    await apply(store, {
      datasetVersions: [
        withFields('dataset:pg:a', 'a1', T(1), ['x']),
        withFields('dataset:pg:a', 'a2', T(3), ['x']),
        withFields('dataset:pg:a', 'a3', T(4), ['x', 'y']),
        withFields('dataset:pg:b', 'b1', T(2), ['x']),
        withFields('dataset:pg:b', 'b2', T(5), ['z']),
        withFields('dataset:other:c', 'c1', T(1), ['x']),
        withFields('dataset:other:c', 'c2', T(6), ['q']),
        withFields('dataset:pg:d', 'd1', T(3), ['x']),
      ],
    });
    const pairs = async (query: Partial<Parameters<typeof store.listSchemaChanges>[0]>) => {
      const found = await store.listSchemaChanges({ since: T(2), until: T(7), limit: 10, ...query });
      return { pairs: found.items.map((p) => `${p.previous.version}>${p.current.version}`), partial: found.partial };
    };
    // a2 kept a1's schema; d1 is a first version, with nothing before it.
    expect(await pairs({})).toEqual({ pairs: ['c1>c2', 'b1>b2', 'a2>a3'], partial: false });
    expect(await pairs({ limit: 2 })).toEqual({ pairs: ['c1>c2', 'b1>b2'], partial: true });
    expect(await pairs({ namespaces: ['pg'] })).toEqual({ pairs: ['b1>b2', 'a2>a3'], partial: false });
    expect(await pairs({ datasetIds: ['dataset:pg:a', 'dataset:other:c'] })).toEqual({
      pairs: ['c1>c2', 'a2>a3'],
      partial: false,
    });
    expect((await store.listSchemaChanges({ since: T(2), until: T(7), limit: 10 })).items[0]?.current.fields).toEqual([
      { name: 'q', type: 'int' },
    ]);
  });

  it('records a first-seen schema only when the dataset has no version yet', async () => {
    const store = getStore();
    const seen = (v: string, at: string, fields: string[]) => ({
      ...version('dataset:pg:c', v, at),
      reason: 'first-seen' as const,
      fields: fields.map((name) => ({ name })),
    });
    await apply(store, { datasetVersions: [seen('c1', T(1), ['a', 'b'])] });
    await apply(store, { datasetVersions: [seen('c2', T(2), ['a'])] });
    const versions = await store.listDatasetVersions('dataset:pg:c');
    expect(versions.items.map((v) => v.version)).toEqual(['c1']);
    expect(versions.items[0]?.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});
