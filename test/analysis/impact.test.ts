import { expect, it } from 'vitest';
import { analyzeImpact, describeImpact, severityOf } from '../../src/analysis/impact.js';
import { NotFoundError } from '../../src/model/errors.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, edge, T } from '../store/builders.js';
import { ids, seedChurnGraph } from './churn-graph.js';

forEachEngine('impact analysis', (getStore) => {
  it('reaches feature views, training-set versions, model versions and deployments from a raw column', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await analyzeImpact(store, { node: ids.crmAge, change: 'drop' });
    const byId = new Map(report.affected.map((a) => [a.id, a]));
    expect(byId.get(ids.stagingAge)?.depth).toBe(1);
    expect(byId.get(ids.fvAge)?.severity).toBe('breaking');
    expect(byId.get(`${ids.train}#3`)?.subtype).toBe('trainingSetVersion');
    expect(byId.get(ids.modelVersion)?.path).toEqual([
      ids.crmAge,
      ids.stagingAge,
      ids.featuresAge,
      ids.fvAge,
      ids.trainAge,
      ids.modelVersion,
    ]);
    expect(byId.get(ids.deployment)?.live).toBe(true);
    expect(byId.has(ids.build)).toBe(true);
    expect(report.summary).toMatchObject({ deployments: 1, modelVersions: 1, trainingSetVersions: 1 });
    expect(report.partial).toBe(false);
  });

  it('lists live deployments first and names owners, inheriting a dataset owner on its columns', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await analyzeImpact(store, { node: ids.crmAge });
    expect(report.affected[0]?.id).toBe(ids.deployment);
    expect(report.affected[0]?.owners).toEqual(['serving@acme.example']);
    expect(report.affected.find((a) => a.id === ids.stagingAge)?.owners).toEqual(['team:platform']);
    expect(report.owners).toContain('risk-ml@acme.example');
    expect(describeImpact(report)).toMatch(/^1 deployment, 1 model version, 1 training-set version/);
  });

  it('marks consumers reached only through a FILTER edge as seeing different rows, not breaking', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await analyzeImpact(store, { node: ids.crmId, change: 'drop' });
    expect(report.affected.find((a) => a.id === ids.featuresAge)?.severity).toBe('rows');
    expect(report.affected.find((a) => a.id === ids.deployment)?.severity).toBe('rows');
  });

  it('unions the columns of a dataset and adds job-level consumers', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await analyzeImpact(store, { node: ids.staging });
    const affected = report.affected.map((a) => a.id);
    expect(affected).toEqual(
      expect.arrayContaining([ids.featuresAge, ids.featuresTenure, ids.build, ids.features, ids.deployment]),
    );
    expect(affected).not.toContain(ids.staging);
  });

  it('counts depth in pipeline steps at job level as at column level', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = 'job:etl:weekly_report';
    const reportTable = 'dataset:postgres://wh:5432:reports.weekly';
    await apply(store, {
      edgeSets: [
        {
          scope: report,
          at: T(2),
          mode: 'replace',
          runId: 'r-report',
          edges: [edge('INPUT', ids.features, report), edge('OUTPUT', report, reportTable)],
        },
      ],
    });
    const found = await analyzeImpact(store, { node: ids.crm });
    const depthOf = (id: string) => found.affected.find((a) => a.id === id)?.depth;
    // Columns reach staging and features (crm.id filters features directly); only job-level
    // lineage reaches the report, three jobs down: load, build, weekly_report.
    expect([depthOf(ids.staging), depthOf(ids.features)]).toEqual([1, 1]);
    expect([depthOf(report), depthOf(reportTable)]).toEqual([3, 3]);
    const shallow = await analyzeImpact(store, { node: ids.crm, depth: 2 });
    expect(shallow.affected.map((a) => a.id)).not.toContain(report);
    expect(shallow.partial).toBe(true);
  });

  it('answers as of a past time, before the model existed', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await analyzeImpact(store, { node: ids.crmAge, asOf: T(1, 12) });
    const kinds = new Set(report.affected.map((a) => a.kind));
    expect(kinds.has('modelVersion')).toBe(false);
    expect(kinds.has('deployment')).toBe(false);
  });

  it('counts a deployment as live when it served at the time asked about, and not once retired', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, { edgeSets: [{ scope: ids.deployment, at: T(8), mode: 'replace', runId: null, edges: [] }] });
    const now = await analyzeImpact(store, { node: ids.crmAge });
    expect(now.affected.map((a) => a.id)).not.toContain(ids.deployment);
    const back = await analyzeImpact(store, { node: ids.crmAge, asOf: T(6) });
    expect(back.affected[0]).toMatchObject({ id: ids.deployment, live: true });
  });

  it('says partial when the node budget cuts the walk', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await analyzeImpact(store, { node: ids.crmAge, maxNodes: 2 });
    expect(report.partial).toBe(true);
  });

  it('throws NotFoundError with close suggestions for an unknown column', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const error = await analyzeImpact(store, { node: 'datasetField:postgres://crm:5432:crm.customers:agee' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("no node 'datasetField:postgres://crm:5432:crm.customers:agee'");
  });
});

it('reads severity off the DERIVES edges of a path', () => {
  const identity = edge('DERIVES', 'a', 'b', { transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] });
  const aggregation = edge('DERIVES', 'b', 'c', { transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }] });
  const join = edge('DERIVES', 'b', 'c', { transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }] });
  const full = (e: ReturnType<typeof edge>) => ({ ...e, validFrom: T(1), validTo: null });
  expect(severityOf([full(identity)], 'drop')).toBe('breaking');
  expect(severityOf([full(identity), full(aggregation)], 'retype')).toBe('review');
  expect(severityOf([full(identity), full(aggregation)], 'drop')).toBe('breaking');
  expect(severityOf([full(identity), full(join)], 'drop')).toBe('rows');
});
