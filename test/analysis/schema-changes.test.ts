import { expect, it } from 'vitest';
import { findSchemaChanges } from '../../src/analysis/schema-changes.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, T } from '../store/builders.js';
import { ids, seedChurnGraph } from './churn-graph.js';

const version = (v: string, createdAt: string, fields: [string, string][]) =>
  datasetVersion(ids.crm, v, createdAt, fields);

/** Seeds the churn graph, then records two versions of crm.customers: one at T(4), one at T(5). */
async function seedVersions(store: Store, before: [string, string][], after: [string, string][]): Promise<void> {
  await seedChurnGraph(store);
  await apply(store, { datasetVersions: [version('v1', T(4), before)] });
  await apply(store, { datasetVersions: [version('v2', T(5), after)] });
}

forEachEngine('schema-change findings', (getStore) => {
  it('records a dropped column that has downstream consumers, with the impacted model and deployment', async () => {
    const store = getStore();
    await seedVersions(
      store,
      [
        ['id', 'int'],
        ['email', 'text'],
        ['age', 'int'],
        ['signup', 'date'],
      ],
      [
        ['id', 'int'],
        ['email', 'text'],
        ['signup', 'date'],
      ],
    );
    const { changes: findings, partial } = await findSchemaChanges(store, { since: T(4, 12) });
    expect(partial).toBe(false);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      dataset: ids.crm,
      version: 'v2',
      previousVersion: 'v1',
      change: 'drop',
      column: ids.crmAge,
    });
    expect(findings[0]?.summary).toMatchObject({ deployments: 1, modelVersions: 1 });
    expect(findings[0]?.owners).toContain('serving@acme.example');
  });

  it('reports renames and retypes, and skips columns nobody consumes and versions outside the window', async () => {
    const store = getStore();
    await seedVersions(
      store,
      [
        ['id', 'int'],
        ['age', 'int'],
        ['signup', 'date'],
        ['note', 'text'],
      ],
      [
        ['id', 'bigint'],
        ['years', 'int'],
        ['signup', 'date'],
      ],
    );
    const { changes: findings } = await findSchemaChanges(store, { since: T(4, 12) });
    expect(findings.map((f) => [f.change, f.column, f.detail]).sort()).toEqual([
      ['rename', ids.crmAge, 'years'],
      ['retype', ids.crmId, 'int -> bigint'],
    ]);
    expect((await findSchemaChanges(store, { since: T(5, 12) })).changes).toEqual([]);
  });
});
