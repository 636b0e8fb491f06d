import { expect, it } from 'vitest';
import { listDerivedPii, piiStateOf } from '../../src/analysis/pii.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from '../store/builders.js';
import { ids, seedChurnGraph } from './churn-graph.js';

async function nodeOf(store: Store, id: string) {
  const node = await store.getNode(id);
  if (!node) throw new Error(`missing ${id}`);
  return node;
}

forEachEngine('PII propagation', (getStore) => {
  it('stops at a masking edge: a hashed email is not derived PII', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    expect(await piiStateOf(store, await nodeOf(store, ids.stagingEmailHash))).toEqual({ pii: null, origins: [] });
    expect((await piiStateOf(store, await nodeOf(store, ids.crmEmail))).pii).toBe('tagged');
  });

  it('marks columns, features and model versions downstream of a tagged column through DIRECT edges', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, { nodes: [node(ids.crmAge, T(4), { tags: ['PII'] })] });
    const report = await listDerivedPii(store);
    const derived = report.derived.map((d) => d.id);
    expect(derived).toEqual(
      expect.arrayContaining([
        ids.stagingAge,
        ids.featuresAge,
        ids.fvAge,
        ids.trainAge,
        ids.modelVersion,
        ids.deployment,
      ]),
    );
    expect(derived).not.toContain(ids.stagingEmailHash);
    expect(report.derived.find((d) => d.id === ids.modelVersion)?.origins).toEqual([ids.crmAge]);
    expect(await piiStateOf(store, await nodeOf(store, ids.modelVersion))).toEqual({
      pii: 'derived',
      origins: [ids.crmAge],
    });
  });

  it('does not propagate through INDIRECT edges and filters by namespace', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, { nodes: [node(ids.crmId, T(4), { tags: ['sensitive'] })] });
    const report = await listDerivedPii(store);
    expect(report.derived.map((d) => d.id)).not.toContain(ids.featuresAge);
    await apply(store, {
      edgeSets: [
        {
          scope: 'job:etl:copy_ids',
          at: T(4),
          mode: 'replace',
          runId: 'r',
          edges: [
            edge('DERIVES', ids.crmId, 'datasetField:feast://prod:ids:id', {
              transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
            }),
          ],
        },
      ],
    });
    const feast = await listDerivedPii(store, { under: 'feast://prod' });
    expect(feast.derived.map((d) => d.id)).toEqual(['datasetField:feast://prod:ids:id']);
    expect(feast.tagged).toEqual([]);
  });

  it('treats every column of a dataset tagged pii as tagged', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, { nodes: [node(ids.billing, T(4), { tags: ['pii'] })] });
    expect(await piiStateOf(store, await nodeOf(store, ids.trainLabel))).toEqual({
      pii: 'derived',
      origins: [ids.billingChurned],
    });
  });
});
