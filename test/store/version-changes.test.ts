import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/stores.js';
import { apply, T } from './builders.js';

const version = (datasetId: string, v: string, createdAt: string) => ({
  datasetId,
  reason: 'write' as const,
  version: v,
  createdAt,
  runId: null,
  fields: [{ name: 'a', type: 'int' }],
  facets: {},
  lifecycleState: null,
});

forEachEngine('dataset version changes', (getStore) => {
  it('lists versions of every dataset created in the window, oldest first, whatever the node was updated', async () => {
    const store = getStore();
    await apply(store, { datasetVersions: [version('dataset:pg:a', 'a1', T(1)), version('dataset:pg:b', 'b1', T(2))] });
    await apply(store, { datasetVersions: [version('dataset:pg:a', 'a2', T(3)), version('dataset:pg:b', 'b2', T(4))] });
    const page = await store.listDatasetVersionChanges(T(1), T(3));
    expect(page.items.map((v) => v.version)).toEqual(['b1', 'a2']);
    expect(page.total).toBe(2);
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
