import { expect, it } from 'vitest';
import type { DatasetVersionInput, JobVersionInput, RunUpsert } from '../../src/model/mutation.js';
import { jobVersionId } from '../../src/store/apply-versions.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, event, mutation, node, T } from './builders.js';

const DS = 'dataset:ns:orders';
const JOB = 'job:ns:load';

function dv(version: string, at: string, extra: Partial<DatasetVersionInput> = {}): DatasetVersionInput {
  return datasetVersion(DS, version, at, ['id'], extra);
}

function jv(at: string, inputs: string[], sql: string | null = null): JobVersionInput {
  return { jobId: JOB, createdAt: at, inputs, outputs: [DS], sql, facets: {}, diagnostics: [] };
}

function run(eventType: RunUpsert['eventType'], at: string, extra: Partial<RunUpsert> = {}): RunUpsert {
  return {
    runId: 'r1',
    jobId: JOB,
    eventType,
    eventTime: at,
    facets: {},
    inputVersions: [],
    outputVersions: [],
    ...extra,
  };
}

forEachEngine('versions, runs and assertions', (getStore) => {
  it('records a written dataset version once and lists versions newest first', async () => {
    const store = getStore();
    await apply(store, { datasetVersions: [dv('v1', T(1))] });
    await apply(store, { datasetVersions: [dv('v1', T(1), { fields: [] })] });
    await apply(store, {
      datasetVersions: [dv('v2', T(2), { fields: null, runId: 'r2', lifecycleState: 'OVERWRITE' })],
    });
    const versions = await store.listDatasetVersions(DS);
    expect(versions.total).toBe(2);
    expect(versions.items.map((v) => v.version)).toEqual(['v2', 'v1']);
    expect(versions.items[0]).toEqual({
      datasetId: DS,
      version: 'v2',
      createdAt: T(2),
      runId: 'r2',
      fields: [{ name: 'id', type: 'int' }],
      facets: {},
      lifecycleState: 'OVERWRITE',
    });
    expect((await store.getDatasetVersion(DS, 'v1'))?.createdAt).toBe(T(1));
    expect(await store.getDatasetVersion(DS, 'nope')).toBeNull();
    expect((await store.listDatasetVersions(DS, { limit: 1, offset: 1 })).items[0]?.version).toBe('v1');
  });

  it('records an observed schema only when it differs from the latest version', async () => {
    const store = getStore();
    await apply(store, { datasetVersions: [dv('o1', T(1), { reason: 'observe' })] });
    await apply(store, { datasetVersions: [dv('o2', T(2), { reason: 'observe' })] });
    await apply(store, { datasetVersions: [dv('o3', T(3), { reason: 'observe', fields: null })] });
    await apply(store, {
      datasetVersions: [dv('o4', T(4), { reason: 'observe', fields: [{ name: 'id', type: 'bigint' }] })],
    });
    expect((await store.listDatasetVersions(DS)).items.map((v) => v.version)).toEqual(['o4', 'o1']);
  });

  it('answers the dataset version in force at a time', async () => {
    const store = getStore();
    await apply(store, { datasetVersions: [dv('v1', T(1)), dv('v2', T(3))] });
    expect((await store.getDatasetVersionAt(DS, T(2)))?.version).toBe('v1');
    expect((await store.getDatasetVersionAt(DS, T(3)))?.version).toBe('v2');
    expect((await store.getDatasetVersionAt(DS))?.version).toBe('v2');
    expect(await store.getDatasetVersionAt(DS, T(0))).toBeNull();
  });

  it('lists fields in schema order from the version in force, nested fields as dotted paths', async () => {
    const store = getStore();
    await apply(store, {
      nodes: [node(DS, T(1)), node('datasetField:ns:orders:id', T(1), { description: 'key' })],
      datasetVersions: [
        dv('v1', T(1), {
          fields: [
            { name: 'id', type: 'int' },
            { name: 'amount', type: 'decimal' },
          ],
        }),
        dv('v2', T(3), {
          fields: [
            { name: 'id', type: 'int' },
            { name: 'customer', type: 'struct', fields: [{ name: 'name', type: 'string' }] },
          ],
        }),
      ],
    });
    const now = await store.listFields(DS);
    expect(now.map((f) => f.attributes.field)).toEqual(['id', 'customer', 'customer.name']);
    expect(now[0]).toMatchObject({
      id: 'datasetField:ns:orders:id',
      description: 'key',
      attributes: { type: 'int', ordinal: 0 },
    });
    expect(now[2]).toMatchObject({
      kind: 'datasetField',
      namespace: 'ns',
      name: 'orders',
      attributes: { type: 'string' },
    });
    const then = await store.listFields(DS, { asOf: T(2) });
    expect(then.map((f) => f.attributes.field)).toEqual(['id', 'amount']);
    expect(await store.listFields(DS, { asOf: T(0) })).toEqual([]);
  });

  it('derives job version ids from sorted inputs, outputs and SQL', () => {
    expect(jobVersionId({ inputs: ['b', 'a'], outputs: ['c'], sql: null })).toBe(
      jobVersionId({ inputs: ['a', 'b', 'a'], outputs: ['c'], sql: null }),
    );
    expect(jobVersionId({ inputs: ['a'], outputs: ['c'], sql: 'select 1' })).not.toBe(
      jobVersionId({ inputs: ['a'], outputs: ['c'], sql: null }),
    );
    expect(jobVersionId({ inputs: [], outputs: [], sql: null })).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('records a job version only when the job changed, and keeps an A -> B -> A timeline', async () => {
    const store = getStore();
    await apply(store, { jobVersions: [jv(T(1), ['dataset:ns:a'])] });
    await apply(store, { jobVersions: [jv(T(2), ['dataset:ns:a'])] });
    await apply(store, { jobVersions: [jv(T(3), ['dataset:ns:b'])] });
    await apply(store, { jobVersions: [jv(T(4), ['dataset:ns:a'])] });
    const versions = await store.listJobVersions(JOB);
    const a = jobVersionId(jv(T(1), ['dataset:ns:a']));
    const b = jobVersionId(jv(T(3), ['dataset:ns:b']));
    expect(versions.items.map((v) => [v.version, v.createdAt])).toEqual([
      [a, T(4)],
      [b, T(3)],
      [a, T(1)],
    ]);
    expect((await store.getJobVersionAt(JOB, T(2)))?.version).toBe(a);
    expect((await store.getJobVersionAt(JOB, T(3)))?.inputs).toEqual(['dataset:ns:b']);
    expect((await store.getJobVersionAt(JOB))?.version).toBe(a);
    expect(await store.getJobVersionAt(JOB, T(0))).toBeNull();
    expect(await store.getJobVersion(JOB, b)).toMatchObject({ jobId: JOB, outputs: [DS], sql: null, diagnostics: [] });
    expect(await store.getJobVersion(JOB, 'nope')).toBeNull();
  });

  it('does not add a version for a late observation of the state then in force', async () => {
    const store = getStore();
    await apply(store, { jobVersions: [jv(T(1), ['dataset:ns:a']), jv(T(5), ['dataset:ns:b'])] });
    await apply(store, { jobVersions: [jv(T(3), ['dataset:ns:a'])] });
    expect((await store.listJobVersions(JOB)).total).toBe(2);
  });

  it('merges run observations so that the terminal state wins whatever the arrival order', async () => {
    const store = getStore();
    await apply(store, {
      runs: [run('COMPLETE', T(1, 5), { facets: { done: 1 }, outputVersions: [{ datasetId: DS, version: 'v1' }] })],
    });
    await apply(store, {
      runs: [
        run('START', T(1, 1), { facets: { started: 1 }, inputVersions: [{ datasetId: 'dataset:ns:a', version: 'x' }] }),
      ],
    });
    await apply(store, { runs: [run('RUNNING', T(1, 3), { facets: { done: null } })] });
    const found = await store.getRun('r1');
    expect(found).toMatchObject({
      runId: 'r1',
      jobId: JOB,
      state: 'COMPLETED',
      createdAt: T(1, 1),
      startedAt: T(1, 1),
      endedAt: T(1, 5),
      facets: { started: 1 },
      inputVersions: [{ datasetId: 'dataset:ns:a', version: 'x' }],
      outputVersions: [{ datasetId: DS, version: 'v1' }],
    });
  });

  it('records a failed run with its error, nominal times, parent and job version', async () => {
    const store = getStore();
    await apply(store, { jobVersions: [jv(T(1), ['dataset:ns:a'])] });
    await apply(store, {
      runs: [run('START', T(2), { nominalStartTime: T(2), parentRunId: 'parent' })],
    });
    await apply(store, { runs: [run('FAIL', T(2, 1), { errorMessage: 'boom', nominalEndTime: T(3) })] });
    await apply(store, { runs: [run('RUNNING', T(2, 2))] });
    expect(await store.getRun('r1')).toMatchObject({
      state: 'FAILED',
      errorMessage: 'boom',
      nominalStartTime: T(2),
      nominalEndTime: T(3),
      parentRunId: 'parent',
      endedAt: T(2, 1),
      jobVersion: jobVersionId(jv(T(1), ['dataset:ns:a'])),
    });
    expect(await store.getRun('nope')).toBeNull();
  });

  it('lists runs newest first by job, state and time', async () => {
    const store = getStore();
    await apply(store, {
      runs: [
        run('COMPLETE', T(1), { runId: 'a' }),
        run('FAIL', T(2), { runId: 'b' }),
        run('START', T(3), { runId: 'c', jobId: 'job:ns:other' }),
      ],
    });
    expect((await store.listRuns({})).items.map((r) => r.runId)).toEqual(['c', 'b', 'a']);
    expect((await store.listRuns({ jobId: JOB })).items.map((r) => r.runId)).toEqual(['b', 'a']);
    expect((await store.listRuns({ state: 'FAILED' })).items.map((r) => r.runId)).toEqual(['b']);
    expect((await store.listRuns({ since: T(2) })).total).toBe(2);
    expect((await store.listRuns({ limit: 1 })).items.map((r) => r.runId)).toEqual(['c']);
  });

  it('records assertion results with the sequence number of their event', async () => {
    const store = getStore();
    const first = await store.ingest(
      event({ q: 1 }),
      mutation({
        assertionResults: [
          { nodeId: DS, assertion: 'not_empty', status: 'pass', at: T(1), runId: 'r1', severity: null, details: {} },
          {
            nodeId: 'datasetField:ns:orders:id',
            assertion: 'unique',
            status: 'fail',
            at: T(2),
            runId: 'r1',
            severity: 'error',
            details: { actual: 3 },
          },
        ],
      }),
    );
    await apply(store, {
      assertionResults: [
        {
          nodeId: 'dataset:ns:other',
          assertion: 'x',
          status: 'warn',
          at: T(3),
          runId: null,
          severity: null,
          details: {},
        },
      ],
    });
    const forDataset = await store.listAssertionResults({ nodeId: DS });
    expect(forDataset.total).toBe(2);
    expect(forDataset.items[0]).toEqual({
      nodeId: 'datasetField:ns:orders:id',
      assertion: 'unique',
      status: 'fail',
      at: T(2),
      runId: 'r1',
      severity: 'error',
      details: { actual: 3 },
      eventSeq: first.seq,
    });
    expect((await store.listAssertionResults({ nodeId: 'datasetField:ns:orders:id' })).total).toBe(1);
    expect((await store.listAssertionResults({ status: 'warn' })).items[0]?.nodeId).toBe('dataset:ns:other');
    expect((await store.listAssertionResults({ since: T(2) })).total).toBe(2);
  });
});
