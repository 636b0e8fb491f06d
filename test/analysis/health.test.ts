import { expect, it } from 'vitest';
import { checkLineageHealth } from '../../src/analysis/health.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, edge, node, T } from '../store/builders.js';
import { ids, seedChurnGraph } from './churn-graph.js';

const section = (report: Awaited<ReturnType<typeof checkLineageHealth>>, check: string) =>
  report.sections.find((s) => s.check === check);

forEachEngine('lineage health', (getStore) => {
  it('finds undeclared sources, missing owners, failing assertions and orphaned feature views', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, {
      assertionResults: [
        {
          nodeId: ids.stagingAge,
          assertion: 'not_null',
          status: 'pass',
          at: T(4),
          runId: null,
          severity: null,
          details: {},
        },
        {
          nodeId: ids.stagingAge,
          assertion: 'not_null',
          status: 'fail',
          at: T(5),
          runId: null,
          severity: null,
          details: {},
        },
        {
          nodeId: ids.features,
          assertion: 'row_count',
          status: 'fail',
          at: T(4),
          runId: null,
          severity: null,
          details: {},
        },
        {
          nodeId: ids.features,
          assertion: 'row_count',
          status: 'pass',
          at: T(5),
          runId: null,
          severity: null,
          details: {},
        },
      ],
      nodes: [node(ids.features, T(6), { deletedAt: T(6) })],
    });
    const report = await checkLineageHealth(store);
    expect(section(report, 'undeclared_sources')?.items.map((i) => i.id)).toEqual([ids.crm]);
    expect(section(report, 'datasets_without_owners')?.items.map((i) => i.id)).toContain(ids.billing);
    expect(section(report, 'failing_assertions')?.items.map((i) => i.id)).toEqual([ids.staging]);
    expect(section(report, 'orphaned_feature_views')?.items[0]).toMatchObject({ id: ids.fv });
    expect(report.problems).toBe(report.sections.reduce((n, s) => n + s.count, 0));
  });

  it('finds outputs of jobs that read nothing and jobs whose SQL did not parse', async () => {
    const store = getStore();
    await apply(store, {
      edgeSets: [
        {
          scope: 'job:etl:gen',
          at: T(1),
          mode: 'replace',
          runId: 'r',
          edges: [edge('OUTPUT', 'job:etl:gen', 'dataset:pg:made')],
        },
      ],
      jobVersions: [
        {
          jobId: 'job:etl:gen',
          createdAt: T(1),
          inputs: [],
          outputs: ['dataset:pg:made'],
          sql: 'SELEC 1',
          facets: {},
          diagnostics: [{ severity: 'error', code: 'parse_error', message: 'syntax error at 1:1' }],
        },
      ],
    });
    const report = await checkLineageHealth(store);
    expect(section(report, 'outputs_without_inputs')?.items).toEqual([
      { id: 'dataset:pg:made', detail: 'written by job:etl:gen, which reads nothing' },
    ]);
    expect(section(report, 'sql_without_column_lineage')?.items[0]).toMatchObject({
      id: 'job:etl:gen',
      detail: 'syntax error at 1:1',
    });
  });

  it('flags datasets silent for over three times their usual interval, as of the time asked about', async () => {
    const store = getStore();
    const daily = (datasetId: string, days: number[]) =>
      days.map((day) => datasetVersion(datasetId, `${datasetId}@${day}`, T(day)));
    await apply(store, {
      nodes: [node('dataset:pg:daily', T(1)), node('dataset:pg:fresh', T(1))],
      datasetVersions: [...daily('dataset:pg:daily', [1, 2, 3, 4]), ...daily('dataset:pg:fresh', [1, 2, 3, 4, 8, 9])],
    });
    const later = await checkLineageHealth(store, { asOf: T(9, 12) });
    expect(section(later, 'stale_datasets')?.items).toEqual([
      { id: 'dataset:pg:daily', detail: `last version ${T(4)}` },
    ]);
    // Back then the daily one had just been written.
    const then = await checkLineageHealth(store, { asOf: T(4, 12) });
    expect(section(then, 'stale_datasets')?.count).toBe(0);
  });

  it('counts every item while listing the first few by id, and narrows to namespaces', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, { nodes: [node('model:mlflow://prod:unowned', T(1))] });
    const report = await checkLineageHealth(store, { limit: 1 });
    const owners = section(report, 'datasets_without_owners');
    // billing.churn and churn_train have no owner; the first by id is listed, both are counted.
    expect(owners?.items.map((i) => i.id)).toEqual([ids.train]);
    expect(owners?.count).toBe(2);
    expect(section(report, 'models_without_owners')?.items.map((i) => i.id)).toEqual(['model:mlflow://prod:unowned']);
    expect(report.checked).toEqual({ datasets: 6, jobs: 2, models: 2 });
    const feast = await store.readHealthFacts({ namespaces: ['feast://prod'], limit: 10 });
    expect(feast.checked).toEqual({ datasets: 2, jobs: 0, models: 0 });
    expect(feast.datasetsWithoutOwners.items.map((i) => i.id)).toEqual([ids.train]);
    const before = await checkLineageHealth(store, { asOf: T(0) });
    expect(before.checked).toEqual({ datasets: 0, jobs: 0, models: 0 });
  });
});
