import { expect, it } from 'vitest';
import { CAUSE_WEIGHTS, findRootCauses, scoreCause } from '../../src/analysis/root-cause.js';
import type { RunUpsert } from '../../src/model/mutation.js';
import { usualInterval } from '../../src/model/time.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, edge, T } from '../store/builders.js';
import { ids, seedChurnGraph } from './churn-graph.js';

const run = (
  runId: string,
  jobId: string,
  eventType: RunUpsert['eventType'],
  eventTime: string,
  errorMessage?: string,
): RunUpsert => ({
  runId,
  jobId,
  eventType,
  eventTime,
  facets: {},
  inputVersions: [],
  outputVersions: [],
  ...(errorMessage ? { errorMessage } : {}),
});

const version = (datasetId: string, v: string, createdAt: string, fields: string[]) =>
  datasetVersion(datasetId, v, createdAt, fields);

forEachEngine('root cause', (getStore) => {
  it('ranks a failed upstream run, a failed assertion and a schema change, each with evidence and a path', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const seq = await apply(store, {
      runs: [run('11111111-1111-4111-8111-111111111111', ids.build, 'FAIL', T(5, 6), 'division by zero')],
      assertionResults: [
        {
          nodeId: ids.stagingAge,
          assertion: 'not_null',
          status: 'fail',
          at: T(5, 3),
          runId: null,
          severity: 'error',
          details: {},
        },
      ],
      datasetVersions: [
        version(ids.crm, 'v1', T(4), ['id', 'email', 'age', 'signup']),
        version(ids.crm, 'v2', T(5, 1), ['id', 'email', 'age']),
      ],
    });
    const report = await findRootCauses(store, { node: ids.deployment, since: T(4, 12), until: T(6) });
    const kinds = report.candidates.map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['failed_run', 'failed_assertion', 'schema_change']));
    const failed = report.candidates.find((c) => c.kind === 'failed_run');
    expect(failed?.node).toBe(ids.build);
    expect(failed?.evidence[0]).toMatchObject({ runId: '11111111-1111-4111-8111-111111111111', eventSeq: seq });
    expect(failed?.summary).toContain('division by zero');
    expect(failed?.path.at(-1)).toBe(ids.deployment);
    const schema = report.candidates.find((c) => c.kind === 'schema_change');
    expect(schema?.summary).toContain('dropped signup');
    expect(schema?.evidence[0]).toMatchObject({ version: 'v2', eventSeq: seq });
    const scores = report.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('ignores causes outside the window and failures that are not upstream', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, {
      runs: [
        run('22222222-2222-4222-8222-222222222222', ids.build, 'FAIL', T(2)),
        run('33333333-3333-4333-8333-333333333333', 'job:etl:unrelated', 'FAIL', T(5)),
      ],
    });
    const report = await findRootCauses(store, { node: ids.deployment, since: T(4), until: T(6) });
    expect(report.candidates.filter((c) => c.kind === 'failed_run')).toEqual([]);
  });

  it('dates a failed run by its failure: one that started before the window and failed in it is a cause', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const runId = '55555555-5555-4555-8555-555555555555';
    await apply(store, { runs: [run(runId, ids.build, 'START', T(3, 22))] });
    await apply(store, { runs: [run(runId, ids.build, 'FAIL', T(4, 2))] });
    const report = await findRootCauses(store, { node: ids.deployment, since: T(4), until: T(6) });
    expect(report.candidates.find((c) => c.kind === 'failed_run')?.at).toBe(T(4, 2));
    // Still running at the end of an earlier window: not a failure then.
    const before = await findRootCauses(store, { node: ids.deployment, since: T(3), until: T(4) });
    expect(before.candidates.filter((c) => c.kind === 'failed_run')).toEqual([]);
  });

  it('counts distance in pipeline steps, whether column or job-level lineage reaches a cause', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, {
      runs: [run('44444444-4444-4444-8444-444444444444', ids.load, 'FAIL', T(5))],
      assertionResults: [
        {
          nodeId: ids.crm,
          assertion: 'row_count',
          status: 'fail',
          at: T(5),
          runId: null,
          severity: 'error',
          details: {},
        },
      ],
    });
    // features <- build <- staging <- load <- crm: the load job is two steps up at either level;
    // crm is one step up, as crm.id filters features in the build job.
    const report = await findRootCauses(store, { node: ids.features, since: T(4), until: T(6) });
    const distanceOf = (kind: string) => report.candidates.find((c) => c.kind === kind)?.distance;
    expect(distanceOf('failed_run')).toBe(2);
    expect(distanceOf('failed_assertion')).toBe(1);
    const shallow = await findRootCauses(store, { node: ids.features, since: T(4), until: T(6), depth: 1 });
    expect(shallow.candidates.map((c) => c.kind)).toEqual(['failed_assertion']);
    expect(shallow.partial).toBe(true);
  });

  it('reports a lineage change when an upstream job stops reading a dataset, with the record that did it', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const seq = await apply(store, {
      edgeSets: [
        {
          scope: ids.build,
          at: T(5),
          mode: 'replace',
          runId: 'r-build-2',
          edges: [edge('OUTPUT', ids.build, ids.features)],
        },
      ],
    });
    const report = await findRootCauses(store, { node: ids.fvAge, since: T(4), until: T(6) });
    const change = report.candidates.find((c) => c.kind === 'lineage_change');
    expect(change?.summary).toBe(`${ids.build} stopped reading ${ids.staging}`);
    expect(change?.evidence[0]?.eventSeq).toBe(seq);
  });

  it('does not take a job that first appeared in the window for a lineage change', async () => {
    const store = getStore();
    const [raw, out, job] = ['dataset:pg:raw', 'dataset:pg:out', 'job:etl:fresh'];
    await apply(store, {
      edgeSets: [
        {
          scope: job,
          at: T(5),
          mode: 'replace',
          runId: 'r1',
          edges: [edge('INPUT', raw, job), edge('OUTPUT', job, out)],
        },
      ],
    });
    const first = await findRootCauses(store, { node: out, since: T(4), until: T(6) });
    expect(first.candidates.filter((c) => c.kind === 'lineage_change')).toEqual([]);
    await apply(store, {
      edgeSets: [{ scope: job, at: T(7), mode: 'replace', runId: 'r2', edges: [edge('OUTPUT', job, out)] }],
    });
    const later = await findRootCauses(store, { node: out, since: T(4), until: T(8) });
    expect(later.candidates.filter((c) => c.kind === 'lineage_change').map((c) => c.summary)).toEqual([
      `${job} stopped reading ${raw}`,
    ]);
  });

  it('flags an input that stopped producing versions as stale', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const daily = [1, 2, 3, 4].map((day) => version(ids.billing, `b${day}`, T(day), ['customer_id', 'churned']));
    const seq = await apply(store, { datasetVersions: daily });
    const report = await findRootCauses(store, { node: ids.trainLabel, since: T(5), until: T(12) });
    const stale = report.candidates.find((c) => c.kind === 'stale_input');
    expect(stale?.node).toBe(ids.billing);
    // It cites the last version it saw, and the record that wrote it.
    expect(stale?.evidence[0]).toMatchObject({ at: T(4), version: 'b4', eventSeq: seq });
  });
});

it('scores by kind, distance and recency as documented', () => {
  expect(scoreCause('failed_run', 1, T(2), T(1), T(2))).toBe(CAUSE_WEIGHTS.failed_run);
  expect(scoreCause('failed_run', 2, T(2), T(1), T(2))).toBe(0.85);
  expect(scoreCause('failed_run', 1, T(1), T(1), T(2))).toBe(0.5);
  expect(scoreCause('schema_change', 1, T(2), T(1), T(2))).toBeLessThan(
    scoreCause('failed_assertion', 1, T(2), T(1), T(2)),
  );
  expect(usualInterval([T(1), T(2), T(3)])).toBe(86_400_000);
  expect(usualInterval([T(1), T(2)])).toBeNull();
});
