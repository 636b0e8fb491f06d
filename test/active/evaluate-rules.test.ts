import { expect, it } from 'vitest';
import { evaluateRule } from '../../src/active/evaluate-rules.js';
import { emptyMutation, type Mutation } from '../../src/model/mutation.js';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, edge, node, T } from '../store/builders.js';

const record = (parts: Partial<Mutation>) => ({ seq: 99, mutation: { ...emptyMutation(), ...parts } });

forEachEngine('alert rules', (getStore) => {
  it('alerts on a failed run of the watched job only, with the owners of what it writes and of everything downstream', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const fail = {
      runId: 'r1',
      jobId: ids.load,
      eventType: 'FAIL' as const,
      eventTime: T(5),
      facets: {},
      inputVersions: [],
      outputVersions: [],
      errorMessage: 'disk full',
    };
    const alerts = await evaluateRule(store, { kind: 'run_failed', job: ids.load }, record({ runs: [fail] }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      dedupKey: 'run_failed|r1',
      owners: ['risk-ml@acme.example', 'serving@acme.example', 'team:features', 'team:platform'],
    });
    expect(alerts[0]?.summary).toContain('disk full');
    const other = await evaluateRule(store, { kind: 'run_failed', job: ids.build }, record({ runs: [fail] }));
    expect(other).toEqual([]);
  });

  it('alerts on a failed assertion upstream of the watched node, with the path, and not downstream of it', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const failing = record({
      assertionResults: [
        {
          nodeId: ids.stagingAge,
          assertion: 'not_null',
          status: 'fail',
          at: T(5),
          runId: null,
          severity: null,
          details: {},
        },
      ],
    });
    const alerts = await evaluateRule(store, { kind: 'assertion_failed_upstream', node: ids.features }, failing);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.nodes[0]).toBe(ids.staging);
    expect(alerts[0]?.nodes.at(-1)).toBe(ids.features);
    expect(await evaluateRule(store, { kind: 'assertion_failed_upstream', node: ids.crm }, failing)).toEqual([]);
  });

  it('reports a new dataset that is read but has no traceable source as a lineage gap', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const orphan = 'dataset:postgres://wh:5432:scratch.mystery';
    const mutation = {
      nodes: [node(orphan, T(6))],
      edgeSets: [
        { scope: ids.build, at: T(6), mode: 'merge' as const, runId: null, edges: [edge('INPUT', orphan, ids.build)] },
      ],
    };
    await apply(store, mutation);
    const alerts = await evaluateRule(store, { kind: 'lineage_gap' }, record(mutation));
    expect(alerts.map((alert) => alert.dedupKey)).toEqual([`lineage_gap|${orphan}`]);
    expect(await evaluateRule(store, { kind: 'lineage_gap', namespace: 'elsewhere' }, record(mutation))).toEqual([]);
  });

  it('reports derived PII reaching a model version when its training edges arrive', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const leaky = 'datasetField:postgres://wh:5432:staging.customers:email_plain';
    const trainEmail = 'datasetField:feast://prod:churn_train:email';
    const mutation = {
      nodes: [
        node(leaky, T(6), { attributes: { field: 'email_plain' } }),
        node(trainEmail, T(6), { attributes: { field: 'email' } }),
      ],
      edgeSets: [
        {
          scope: `${ids.load}|${ids.staging}|pii`,
          at: T(6),
          mode: 'merge' as const,
          runId: null,
          edges: [
            edge('DERIVES', ids.crmEmail, leaky, {
              via: ids.load,
              transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
            }),
            edge('DERIVES', leaky, trainEmail, { transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] }),
          ],
        },
        {
          scope: `${ids.modelVersion}|pii`,
          at: T(6),
          mode: 'merge' as const,
          runId: null,
          edges: [edge('TRAINED_ON', trainEmail, ids.modelVersion, { attributes: { role: 'feature' } })],
        },
      ],
    };
    await apply(store, mutation);
    const alerts = await evaluateRule(store, { kind: 'pii_reaches_model' }, record(mutation));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.evidence).toMatchObject({ modelVersion: ids.modelVersion, origins: [ids.crmEmail] });
  });

  it('alerts when a schema change reaches a model or deployment downstream', async () => {
    const store = getStore();
    const version = (v: string, at: string, fields: string[]) => datasetVersion(ids.crm, v, at, fields);
    await seedChurnGraph(store);
    await apply(store, { datasetVersions: [version('v1', T(4), ['id', 'email', 'age', 'signup'])] });
    const change = { datasetVersions: [version('v2', T(6), ['id', 'email', 'signup'])] };
    await apply(store, change);
    const alerts = await evaluateRule(store, { kind: 'schema_change_impact' }, record(change));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]?.nodes).toContain(ids.deployment);
    const elsewhere = await evaluateRule(store, { kind: 'schema_change_impact', node: ids.billing }, record(change));
    expect(elsewhere).toEqual([]);
  });

  it('queues a delivery once per subscription and evidence, and refuses new ones when the queue is full', async () => {
    const store = getStore();
    const input = (key: string) => ({
      subscriptionId: 's1',
      dedupKey: key,
      rule: 'run_failed',
      payload: { key },
      at: T(1),
    });
    expect((await store.active.enqueueDelivery(input('a'), 2)).status).toBe('queued');
    expect((await store.active.enqueueDelivery(input('a'), 2)).status).toBe('duplicate');
    expect((await store.active.enqueueDelivery(input('b'), 2)).status).toBe('queued');
    expect((await store.active.enqueueDelivery(input('c'), 2)).status).toBe('full');
    const leased = await store.active.claimDueDeliveries(T(2), T(3), 10);
    expect(leased.map((d) => d.dedupKey)).toEqual(['a', 'b']);
    expect(await store.active.claimDueDeliveries(T(2), T(3), 10)).toEqual([]);
    const first = leased[0];
    if (!first) throw new Error('no delivery');
    await store.active.recordAttempt(first.id, {
      at: T(2),
      ok: false,
      responseStatus: 500,
      error: 'HTTP 500',
      nextAttemptAt: T(4),
    });
    await store.active.recordAttempt(first.id, {
      at: T(4),
      ok: true,
      responseStatus: 200,
      error: null,
      nextAttemptAt: null,
    });
    const log = await store.active.listDeliveries({ status: 'delivered' });
    expect(log.items).toEqual([expect.objectContaining({ dedupKey: 'a', attempts: 2, responseStatus: 200 })]);
  });
});
