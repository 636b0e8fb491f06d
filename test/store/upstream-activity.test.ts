import { expect, it } from 'vitest';
import type { DatasetVersionInput, Mutation, RunUpsert } from '../../src/model/mutation.js';
import type { Store } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, edge, node, T } from './builders.js';

const ORDERS = 'dataset:ns:orders';
const USERS = 'dataset:ns:users';
const LOAD = 'job:ns:load';
const OTHER = 'job:ns:other';
const NEW = 'job:ns:new';

const dv = (datasetId: string, version: string, at: string) => datasetVersion(datasetId, version, at);

const run = (runId: string, jobId: string, eventType: RunUpsert['eventType'], at: string): RunUpsert => ({
  runId,
  jobId,
  eventType,
  eventTime: at,
  facets: {},
  inputVersions: [],
  outputVersions: [],
});

type AssertionInput = Mutation['assertionResults'][number];

const result = (nodeId: string, status: AssertionInput['status'], at: string): AssertionInput => ({
  nodeId,
  assertion: 'not_null',
  status,
  at,
  runId: null,
  severity: null,
  details: {},
});

forEachEngine('upstream activity', (getStore, ctx) => {
  it('gathers failed runs, failed assertions, newest versions and lineage changes of many nodes at once', async () => {
    const store = getStore();
    const first = await apply(store, {
      nodes: [ORDERS, USERS, LOAD, OTHER].map((id) => node(id, T(1))),
      datasetVersions: [dv(ORDERS, 'o1', T(1)), dv(ORDERS, 'o2', T(3)), dv(ORDERS, 'o3', T(5)), dv(USERS, 'u1', T(2))],
      runs: [
        run('r-old', LOAD, 'FAIL', T(1)),
        run('r-fail', LOAD, 'FAIL', T(4)),
        run('r-ok', LOAD, 'COMPLETE', T(4)),
        run('r-abort', OTHER, 'ABORT', T(4)),
        run('r-late', LOAD, 'FAIL', T(9)),
      ],
      assertionResults: [
        result('datasetField:ns:orders:id', 'fail', T(4)),
        result(ORDERS, 'pass', T(4)),
        result(USERS, 'fail', T(1)),
      ],
      edgeSets: [
        {
          scope: LOAD,
          at: T(1),
          mode: 'replace',
          runId: 'a',
          edges: [edge('INPUT', USERS, LOAD), edge('OUTPUT', LOAD, ORDERS)],
        },
      ],
    });
    const closing = await apply(store, {
      edgeSets: [{ scope: LOAD, at: T(4), mode: 'replace', runId: 'b', edges: [edge('OUTPUT', LOAD, ORDERS)] }],
    });
    await apply(store, {
      nodes: [node(NEW, T(3))],
      edgeSets: [{ scope: NEW, at: T(3), mode: 'replace', runId: 'c', edges: [edge('INPUT', USERS, NEW)] }],
    });
    const opening = await apply(store, {
      edgeSets: [{ scope: `${LOAD}|more`, at: T(5), mode: 'merge', runId: 'd', edges: [edge('INPUT', ORDERS, LOAD)] }],
    });
    // Six hundred ids take more than one chunk of parameters.
    const padding = Array.from({ length: 600 }, (_, i) => `dataset:ns:pad${i}`);
    const activity = await store.listUpstreamActivity({
      jobIds: [LOAD, NEW],
      datasetIds: [...padding, ORDERS, USERS],
      since: T(2),
      until: T(6),
      versionsPerDataset: 2,
    });
    // Each with the event-log record behind it.
    expect(activity.failedRuns.map(({ run, eventSeq }) => [run.runId, eventSeq])).toEqual([['r-fail', first]]);
    expect(activity.failedAssertions.map((a) => [a.nodeId, a.status])).toEqual([['datasetField:ns:orders:id', 'fail']]);
    // Same schema throughout: no version is read beyond its stamp.
    expect(
      activity.versions.map((v) => [
        v.datasetId,
        new Date(v.createdMs).toISOString(),
        v.details?.version ?? null,
        v.details?.eventSeq,
        v.fields,
      ]),
    ).toEqual([
      [ORDERS, T(5), null, undefined, null],
      [ORDERS, T(3), null, undefined, null],
      [USERS, T(2), null, undefined, null],
    ]);
    // What a stale input cites: each dataset's newest version by a time, read on demand.
    const latest = await store.readVersionDetails([ORDERS, USERS, 'dataset:ns:none'], T(4));
    expect(Object.fromEntries(latest)).toEqual({
      [ORDERS]: { version: 'o2', runId: null, eventSeq: first },
      [USERS]: { version: 'u1', runId: null, eventSeq: first },
    });
    // The new job's first reads are how it started, not a change; LOAD's are changes, each with
    // the record that made it.
    expect(
      activity.lineageChanges.map(({ edge: e, eventSeq }) => [
        e.kind,
        e.source,
        e.target,
        e.validFrom,
        e.validTo,
        eventSeq,
      ]),
    ).toEqual([
      ['INPUT', USERS, LOAD, T(1), T(4), closing],
      ['INPUT', ORDERS, LOAD, T(5), null, opening],
    ]);
  });

  it('reads the schemas of both sides of a schema change in the window, and no other', async () => {
    const store = getStore();
    const withName = (version: DatasetVersionInput) => ({
      ...version,
      fields: [...(version.fields ?? []), { name: 'name', type: 'text' }],
    });
    await apply(store, {
      nodes: [node(ORDERS, T(1)), node(USERS, T(1))],
      datasetVersions: [
        dv(ORDERS, 'o1', T(1)),
        withName(dv(ORDERS, 'o2', T(3))),
        withName(dv(ORDERS, 'o3', T(5))),
        dv(USERS, 'u1', T(1)),
        withName(dv(USERS, 'u2', T(2))),
      ],
    });
    const activity = await store.listUpstreamActivity({
      jobIds: [],
      datasetIds: [ORDERS, USERS],
      since: T(2),
      until: T(6),
      versionsPerDataset: 5,
    });
    const columns = (v: (typeof activity.versions)[number]) => v.fields?.map((f) => f.name) ?? null;
    expect(activity.versions.map((v) => [v.details?.version ?? null, columns(v)])).toEqual([
      [null, null],
      ['o2', ['id', 'name']],
      ['o1', ['id']],
      // u2 changed the schema at the window's start, which is outside (since, until].
      [null, null],
      [null, null],
    ]);
  });

  it("cites the record whose observation set a run's failed state, whatever the arrival order", async () => {
    const store = getStore();
    await apply(store, { nodes: [node(LOAD, T(1))], runs: [run('r-1', LOAD, 'START', T(3))] });
    const failing = await apply(store, { runs: [run('r-1', LOAD, 'FAIL', T(4))] });
    // A late RUNNING observation does not take the failed state's place, nor its record.
    await apply(store, { runs: [run('r-1', LOAD, 'RUNNING', T(3, 12))] });
    const activity = await store.listUpstreamActivity({
      jobIds: [LOAD],
      datasetIds: [],
      since: T(2),
      until: T(6),
      versionsPerDataset: 1,
    });
    expect(activity.failedRuns.map(({ run: r, eventSeq }) => [r.runId, r.state, eventSeq])).toEqual([
      ['r-1', 'FAILED', failing],
    ]);
  });

  it('keeps a run among the failed until a later observation replaces its failed state', async () => {
    const store = getStore();
    await apply(store, { nodes: [node(LOAD, T(1))], runs: [run('r-1', LOAD, 'FAIL', T(2))] });
    const query = { jobIds: [LOAD], datasetIds: [], since: T(1), until: T(9), versionsPerDataset: 1 };
    expect((await store.listUpstreamActivity(query)).failedRuns.map(({ run: r }) => r.runId)).toEqual(['r-1']);
    await apply(store, { runs: [run('r-1', LOAD, 'COMPLETE', T(3))] });
    expect((await store.listUpstreamActivity(query)).failedRuns).toEqual([]);
  });

  if (ctx.openSecond) {
    it('sees runs, versions and assertion results that another store sharing the database wrote', async () => {
      const open = ctx.openSecond as () => Promise<Store>;
      const store = getStore();
      await apply(store, {
        nodes: [node(ORDERS, T(1)), node(LOAD, T(1))],
        datasetVersions: [dv(ORDERS, 'o1', T(1))],
        runs: [run('r-1', LOAD, 'FAIL', T(2))],
      });
      const query = { jobIds: [LOAD], datasetIds: [ORDERS], since: T(1), until: T(9), versionsPerDataset: 5 };
      // The first read loads this store's index; the second must catch up with the other's writes.
      expect((await store.listUpstreamActivity(query)).failedRuns.map(({ run: r }) => r.runId)).toEqual(['r-1']);
      const other = await open();
      await apply(other, {
        datasetVersions: [dv(ORDERS, 'o2', T(3))],
        runs: [run('r-1', LOAD, 'COMPLETE', T(3)), run('r-2', LOAD, 'ABORT', T(4))],
        assertionResults: [result(ORDERS, 'fail', T(4))],
      });
      const after = await store.listUpstreamActivity(query);
      expect(after.failedRuns.map(({ run: r }) => [r.runId, r.state])).toEqual([['r-2', 'ABORTED']]);
      expect(after.versions.map((v) => new Date(v.createdMs).toISOString())).toEqual([T(3), T(1)]);
      expect(after.failedAssertions.map((a) => [a.nodeId, a.at])).toEqual([[ORDERS, T(4)]]);
    });
  }

  it('answers empty lists for no ids', async () => {
    const store = getStore();
    const activity = await store.listUpstreamActivity({
      jobIds: [],
      datasetIds: [],
      since: T(1),
      until: T(2),
      versionsPerDataset: 5,
    });
    expect(activity).toEqual({ failedRuns: [], failedAssertions: [], versions: [], lineageChanges: [] });
  });
});
