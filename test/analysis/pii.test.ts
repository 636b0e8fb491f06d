import { expect, it } from 'vitest';
import { listDerivedPii, piiStateOf } from '../../src/analysis/pii.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, node, T } from '../store/builders.js';
import { ids, seedChurnGraph } from './churn-graph.js';

forEachEngine('PII propagation', (getStore) => {
  it('stops at a masking edge: a hashed email is not derived PII', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const hashed = await store.getNode(ids.stagingEmailHash);
    expect(hashed).not.toBeNull();
    expect(await piiStateOf(store, hashed!)).toEqual({ pii: null, origins: [] });
    const email = await store.getNode(ids.crmEmail);
    expect((await piiStateOf(store, email!)).pii).toBe('tagged');
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
    const modelVersion = await store.getNode(ids.modelVersion);
    expect(await piiStateOf(store, modelVersion!)).toEqual({ pii: 'derived', origins: [ids.crmAge] });
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
    const label = await store.getNode(ids.trainLabel);
    expect(await piiStateOf(store, label!)).toEqual({ pii: 'derived', origins: [ids.billingChurned] });
  });
});
