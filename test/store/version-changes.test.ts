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
});
