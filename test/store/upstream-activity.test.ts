import { expect, it } from 'vitest';
import { NotFoundError } from '../../src/model/errors.js';
import type { Mutation, RunUpsert } from '../../src/model/mutation.js';
import { SqlStore } from '../../src/store/sql-store.js';
import type { Store, UpstreamActivityQuery } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, datasetVersion, edge, node, T } from './builders.js';

const REPORT = 'dataset:ns:report';
const BUILD = 'job:ns:build_report';
const ORDERS = 'dataset:ns:orders';
const USERS = 'dataset:ns:users';
const SIDE = 'dataset:ns:side';
const LOAD = 'job:ns:load';
const NEW = 'job:ns:new';
const OTHER = 'job:ns:other';
const REPORT_ALIAS = 'dataset:ns:report_v1';

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

const query = (extra: Partial<UpstreamActivityQuery> = {}): UpstreamActivityQuery => ({
  node: REPORT,
  steps: 5,
  since: T(2),
  until: T(6),
  maxNodes: 1_000,
  versionsPerDataset: 5,
  staleAfterIntervals: 3,
  ...extra,
});

/** REPORT is built from ORDERS and USERS; LOAD writes ORDERS. OTHER is not upstream of REPORT. */
async function pipeline(store: Store, extra: Partial<Mutation> = {}): Promise<number> {
  return apply(store, {
    nodes: [REPORT, BUILD, ORDERS, USERS, LOAD, OTHER].map((id) => node(id, T(1))),
    edgeSets: [
      {
        scope: BUILD,
        at: T(1),
        mode: 'replace',
        runId: 'b',
        edges: [edge('INPUT', ORDERS, BUILD), edge('INPUT', USERS, BUILD), edge('OUTPUT', BUILD, REPORT)],
      },
      { scope: LOAD, at: T(1), mode: 'replace', runId: 'l', edges: [edge('OUTPUT', LOAD, ORDERS)] },
    ],
    ...extra,
  });
}

forEachEngine('upstream activity', (getStore, ctx) => {
  it('walks upstream and finds failed runs, failed assertions and lineage changes on it, each with its record', async () => {
    const store = getStore();
    const first = await apply(store, {
      nodes: [REPORT, BUILD, ORDERS, USERS, SIDE, LOAD, OTHER].map((id) => node(id, T(1))),
      datasetVersions: [
        datasetVersion(ORDERS, 'o1', T(1)),
        datasetVersion(ORDERS, 'o2', T(3)),
        datasetVersion(ORDERS, 'o3', T(5)),
        datasetVersion(USERS, 'u1', T(2)),
      ],
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
          scope: BUILD,
          at: T(1),
          mode: 'replace',
          runId: 'b',
          edges: [edge('INPUT', ORDERS, BUILD), edge('INPUT', SIDE, BUILD), edge('OUTPUT', BUILD, REPORT)],
        },
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
      edgeSets: [
        {
          scope: NEW,
          at: T(3),
          mode: 'replace',
          runId: 'c',
          edges: [edge('INPUT', USERS, NEW), edge('OUTPUT', NEW, SIDE)],
        },
      ],
    });
    const opening = await apply(store, {
      edgeSets: [{ scope: `${LOAD}|more`, at: T(5), mode: 'merge', runId: 'd', edges: [edge('INPUT', ORDERS, LOAD)] }],
    });
    const activity = await store.traceUpstreamActivity(query());
    // At the end of the window USERS is upstream through NEW only (LOAD stopped reading it).
    expect([...activity.upstream].sort()).toEqual([ORDERS, SIDE, USERS, BUILD, LOAD, NEW]);
    expect(activity.placeOf(USERS)).toEqual({ distance: 2, path: [USERS, NEW, SIDE, BUILD, REPORT] });
    expect(activity.placeOf(BUILD)).toEqual({ distance: 1, path: [BUILD, REPORT] });
    expect(activity.placeOf(OTHER)).toBeNull();
    expect(activity.partial).toBe(false);
    // Only upstream jobs' failures, in the window; each with the event-log record behind it.
    expect(activity.failedRuns.map(({ run: r, eventSeq }) => [r.runId, eventSeq])).toEqual([['r-fail', first]]);
    expect(activity.failedAssertions.map((a) => [a.nodeId, a.status])).toEqual([['datasetField:ns:orders:id', 'fail']]);
    // Same schema throughout, and versions every other day: no schema change, nothing stale.
    expect(activity.schemaChanges).toEqual([]);
    expect(activity.staleInputs).toEqual([]);
    // What a stale input cites: each dataset's newest version by a time, read on demand.
    const latest = await store.readVersionDetails([ORDERS, USERS, 'dataset:ns:none'], T(4));
    expect(Object.fromEntries(latest)).toEqual({
      [ORDERS]: { version: 'o2', runId: null, eventSeq: first },
      [USERS]: { version: 'u1', runId: null, eventSeq: first },
    });
    // The new job's first edges are how it started, not a change; LOAD's are changes, each with
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

  it('counts distance in pipeline steps and leaves out what lies beyond them', async () => {
    const store = getStore();
    await pipeline(store);
    const near = await store.traceUpstreamActivity(query({ steps: 1 }));
    expect([...near.upstream].sort()).toEqual([ORDERS, USERS, BUILD]);
    expect(near.placeOf(ORDERS)).toEqual({ distance: 1, path: [ORDERS, BUILD, REPORT] });
    expect(near.placeOf(LOAD)).toBeNull();
    expect(near.partial).toBe(true);
    const far = await store.traceUpstreamActivity(query({ steps: 2 }));
    expect(far.placeOf(LOAD)).toEqual({ distance: 2, path: [LOAD, ORDERS, BUILD, REPORT] });
    expect(far.partial).toBe(false);
  });

  it('walks column lineage from the fields of the node as of the window end, a column counting as its dataset', async () => {
    const store = getStore();
    const field = (dataset: string, name: string) => `${dataset.replace('dataset:', 'datasetField:')}:${name}`;
    await apply(store, {
      nodes: [REPORT, ORDERS, USERS, BUILD].map((id) => node(id, T(1))),
      datasetVersions: [
        datasetVersion(REPORT, 'r1', T(1), ['amount']),
        datasetVersion(REPORT, 'r2', T(3), ['user']),
        datasetVersion(ORDERS, 'o1', T(1), ['amount']),
      ],
      edgeSets: [
        {
          scope: BUILD,
          at: T(1),
          mode: 'replace',
          runId: 'b',
          edges: [
            edge('DERIVES', field(ORDERS, 'amount'), field(REPORT, 'amount'), { via: BUILD }),
            edge('DERIVES', field(USERS, 'id'), field(REPORT, 'user'), { via: BUILD }),
          ],
        },
      ],
    });
    // Before r2 the report has only `amount`, after it only `user`: each version's fields start the walk.
    for (const [until, source, column] of [
      [T(2), ORDERS, 'amount'],
      [T(6), USERS, 'user'],
      [T(2), ORDERS, 'amount'],
    ] as const) {
      const activity = await store.traceUpstreamActivity(query({ until }));
      const sourceColumn = field(source, column === 'user' ? 'id' : 'amount');
      expect([...activity.upstream].sort()).toEqual([source, BUILD]);
      expect(activity.placeOf(source)).toEqual({ distance: 1, path: [source, sourceColumn, field(REPORT, column)] });
      expect(activity.placeOf(BUILD)).toEqual({ distance: 1, path: [BUILD, field(REPORT, column)] });
    }
  });

  it('reads the schemas of both sides of each schema change in the window, among the newest versions asked for', async () => {
    const store = getStore();
    await pipeline(store, {
      datasetVersions: [
        datasetVersion(ORDERS, 'o1', T(1)),
        datasetVersion(ORDERS, 'o2', T(3), ['id', 'name']),
        datasetVersion(ORDERS, 'o3', T(5), ['id', 'name']),
        datasetVersion(USERS, 'u1', T(1)),
        datasetVersion(USERS, 'u2', T(2), ['id', 'name']),
      ],
    });
    const activity = await store.traceUpstreamActivity(query());
    const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name);
    // u2 changed the schema at the window's start, which is outside (since, until].
    expect(
      activity.schemaChanges.map((c) => [
        c.datasetId,
        new Date(c.createdMs).toISOString(),
        names(c.before),
        names(c.after),
        c.details.version,
      ]),
    ).toEqual([[ORDERS, T(3), ['id'], ['id', 'name'], 'o2']]);
    // Among ORDERS' two newest versions (o3, o2) the schema did not change.
    expect((await store.traceUpstreamActivity(query({ versionsPerDataset: 2 }))).schemaChanges).toEqual([]);
  });

  it('finds the inputs with no new version for longer than their usual interval allows', async () => {
    const store = getStore();
    await pipeline(store, {
      datasetVersions: [1, 2, 3].map((day) => datasetVersion(USERS, `u${day}`, T(day))),
    });
    // Daily versions: silent for two days at T(5) is fine, for six days at T(9) it is stale.
    expect((await store.traceUpstreamActivity(query({ until: T(5) }))).staleInputs).toEqual([]);
    expect((await store.traceUpstreamActivity(query({ until: T(9) }))).staleInputs).toEqual([
      { datasetId: USERS, latestMs: Date.parse(T(3)), intervalMs: 86_400_000 },
    ]);
  });

  it("cites the record whose observation set a run's failed state, whatever the arrival order", async () => {
    const store = getStore();
    await pipeline(store, { runs: [run('r-1', LOAD, 'START', T(3))] });
    const failing = await apply(store, { runs: [run('r-1', LOAD, 'FAIL', T(4))] });
    // A late RUNNING observation does not take the failed state's place, nor its record.
    await apply(store, { runs: [run('r-1', LOAD, 'RUNNING', T(3, 12))] });
    const activity = await store.traceUpstreamActivity(query());
    expect(activity.failedRuns.map(({ run: r, eventSeq }) => [r.runId, r.state, eventSeq])).toEqual([
      ['r-1', 'FAILED', failing],
    ]);
  });

  it('keeps what a failed run says up to date when an observation changes it but not its state', async () => {
    const store = getStore();
    const failing = await pipeline(store, { runs: [{ ...run('r-1', LOAD, 'FAIL', T(4)), errorMessage: 'disk full' }] });
    const cited = async () =>
      (await store.traceUpstreamActivity(query())).failedRuns.map(({ run: r, eventSeq }) => ({ ...r, eventSeq }));
    expect(await cited()).toEqual([
      {
        runId: 'r-1',
        jobId: LOAD,
        state: 'FAILED',
        createdAt: T(4),
        endedAt: T(4),
        errorMessage: 'disk full',
        eventSeq: failing,
      },
    ]);
    // An earlier FAIL arriving late does not take the state's place, but its message is kept.
    await apply(store, { runs: [{ ...run('r-1', LOAD, 'FAIL', T(3)), errorMessage: 'quota exceeded' }] });
    expect(await cited()).toEqual([
      {
        runId: 'r-1',
        jobId: LOAD,
        state: 'FAILED',
        createdAt: T(3),
        endedAt: T(4),
        errorMessage: 'quota exceeded',
        eventSeq: failing,
      },
    ]);
  });

  it('keeps a run among the failed until a later observation replaces its failed state', async () => {
    const store = getStore();
    await pipeline(store, { runs: [run('r-1', LOAD, 'FAIL', T(2, 1))] });
    expect((await store.traceUpstreamActivity(query())).failedRuns.map(({ run: r }) => r.runId)).toEqual(['r-1']);
    await apply(store, { runs: [run('r-1', LOAD, 'COMPLETE', T(3))] });
    expect((await store.traceUpstreamActivity(query())).failedRuns).toEqual([]);
  });

  if (ctx.openSecond) {
    it('sees lineage, runs, versions and assertion results that another store sharing the database wrote', async () => {
      const open = ctx.openSecond as () => Promise<Store>;
      const store = getStore();
      await pipeline(store, {
        datasetVersions: [datasetVersion(ORDERS, 'o1', T(1))],
        runs: [run('r-1', LOAD, 'FAIL', T(2, 1))],
      });
      // The first read loads this store's indexes; the second must catch up with the other's writes.
      expect((await store.traceUpstreamActivity(query())).failedRuns.map(({ run: r }) => r.runId)).toEqual(['r-1']);
      const other = await open();
      await apply(other, {
        datasetVersions: [datasetVersion(ORDERS, 'o2', T(3), ['id', 'name'])],
        runs: [run('r-1', LOAD, 'COMPLETE', T(3)), run('r-2', LOAD, 'ABORT', T(4))],
        assertionResults: [result(ORDERS, 'fail', T(4))],
        edgeSets: [{ scope: OTHER, at: T(3), mode: 'replace', runId: 'o', edges: [edge('OUTPUT', OTHER, USERS)] }],
      });
      const after = await store.traceUpstreamActivity(query());
      expect(after.placeOf(OTHER)).toEqual({ distance: 2, path: [OTHER, USERS, BUILD, REPORT] });
      expect(after.failedRuns.map(({ run: r }) => [r.runId, r.state])).toEqual([['r-2', 'ABORTED']]);
      expect(after.schemaChanges.map((c) => c.details.version)).toEqual(['o2']);
      expect(after.failedAssertions.map((a) => [a.nodeId, a.at])).toEqual([[ORDERS, T(4)]]);
    });
  }

  it('answers empty lists for a node with nothing upstream, and names an unknown node', async () => {
    const store = getStore();
    await apply(store, { nodes: [node(REPORT, T(1))] });
    const activity = await store.traceUpstreamActivity(query());
    expect({ ...activity, placeOf: null }).toEqual({
      node: REPORT,
      upstream: [],
      partial: false,
      placeOf: null,
      failedRuns: [],
      failedAssertions: [],
      schemaChanges: [],
      staleInputs: [],
      lineageChanges: [],
      openIncidents: [],
    });
    await expect(store.traceUpstreamActivity(query({ node: 'dataset:ns:nope' }))).rejects.toThrow(NotFoundError);
    await expect(store.traceUpstreamActivity(query({ node: 'dataset:ns:nope' }))).rejects.toThrow(
      "no node 'dataset:ns:nope'",
    );
  });

  it('loads the activity and incident indexes on warmUp, and says how much each holds', async () => {
    const store = getStore();
    if (!(store instanceof SqlStore)) throw new Error('expected a SqlStore');
    await pipeline(store, {
      datasetVersions: [datasetVersion(ORDERS, 'o1', T(1)), datasetVersion(ORDERS, 'o2', T(3))],
      runs: [run('r-1', LOAD, 'FAIL', T(2)), run('r-2', LOAD, 'COMPLETE', T(3))],
      assertionResults: [result(ORDERS, 'fail', T(3)), result(USERS, 'pass', T(3))],
    });
    await store.active.openIncident(
      { id: 'i-1', nodeId: ORDERS, title: 'late', severity: 'low', at: T(3), note: null },
      null,
    );
    expect(await store.warmUp()).toEqual({
      edges: 4,
      datasetVersions: 2,
      failedRuns: 1,
      failedAssertions: 1,
      incidents: 1,
    });
  });

  it('names a node created after the window end as unknown', async () => {
    const store = getStore();
    await apply(store, { nodes: [node(REPORT, T(7))] });
    await expect(store.traceUpstreamActivity(query())).rejects.toThrow(NotFoundError);
    expect((await store.traceUpstreamActivity(query({ until: T(8) }))).node).toBe(REPORT);
  });

  it('resolves an alias to its canonical node, once the alias is written', async () => {
    const store = getStore();
    await pipeline(store);
    await expect(store.traceUpstreamActivity(query({ node: REPORT_ALIAS }))).rejects.toThrow(
      `no node '${REPORT_ALIAS}'`,
    );
    await apply(store, { aliases: [{ alias: REPORT_ALIAS, canonical: REPORT }] });
    const activity = await store.traceUpstreamActivity(query({ node: REPORT_ALIAS }));
    expect(activity.node).toBe(REPORT);
    expect(activity.placeOf(LOAD)).toEqual({ distance: 2, path: [LOAD, ORDERS, BUILD, REPORT] });
  });

  it('finds the incidents open at the window end on the node, its fields and upstream, newest first', async () => {
    const store = getStore();
    await pipeline(store);
    const open = (id: string, nodeId: string, at: string) =>
      store.active.openIncident({ id, nodeId, title: id, severity: 'high', at, note: `about ${id}` }, 'ana');
    await open('on-report', REPORT, T(3));
    await open('on-report-field', 'datasetField:ns:report:total', T(3, 1));
    await open('on-orders-field', 'datasetField:ns:orders:id', T(3, 2));
    await open('on-load', LOAD, T(3, 3));
    await open('not-upstream', OTHER, T(3, 4));
    await open('resolved-in-window', USERS, T(3, 5));
    await open('resolved-after', USERS, T(3, 6));
    await open('opened-after', USERS, T(7));
    await store.active.updateIncident('resolved-in-window', { at: T(5), resolve: true }, 'ana');
    await store.active.updateIncident('resolved-after', { at: T(7), resolve: true, note: 'fixed' }, 'ana');
    const ids = async () =>
      (await store.traceUpstreamActivity(query())).openIncidents.map(({ incident }) => incident.id);
    expect(await ids()).toEqual(['resolved-after', 'on-load', 'on-orders-field', 'on-report-field', 'on-report']);
    // One resolved after the window end is read back whole.
    const placed = (await store.traceUpstreamActivity(query())).openIncidents;
    // Placed as root cause places them: on the node or its field at distance 0, a column as its dataset.
    expect(placed.map(({ incident, distance, path }) => [incident.id, distance, path])).toEqual([
      ['resolved-after', 1, [USERS, BUILD, REPORT]],
      ['on-load', 2, [LOAD, ORDERS, BUILD, REPORT]],
      ['on-orders-field', 1, [ORDERS, BUILD, REPORT]],
      ['on-report-field', 0, [REPORT]],
      ['on-report', 0, [REPORT]],
    ]);
    const late = placed[0]?.incident;
    expect(late).toMatchObject({
      status: 'resolved',
      resolvedAt: T(7),
      notes: [{ message: 'about resolved-after' }, { message: 'fixed' }],
    });
    await store.active.updateIncident('on-load', { at: T(4), resolve: true }, 'ana');
    expect(await ids()).toEqual(['resolved-after', 'on-orders-field', 'on-report-field', 'on-report']);
  });

  if (ctx.openSecond) {
    it('sees the incidents and aliases that another store sharing the database wrote', async () => {
      const open = ctx.openSecond as () => Promise<Store>;
      const store = getStore();
      await pipeline(store);
      await expect(store.traceUpstreamActivity(query({ node: REPORT_ALIAS }))).rejects.toThrow(NotFoundError);
      expect((await store.traceUpstreamActivity(query())).openIncidents).toEqual([]);
      const other = await open();
      await other.active.openIncident(
        { id: 'i-1', nodeId: ORDERS, title: 'late', severity: 'low', at: T(3), note: null },
        null,
      );
      await apply(other, { aliases: [{ alias: REPORT_ALIAS, canonical: REPORT }] });
      const activity = await store.traceUpstreamActivity(query({ node: REPORT_ALIAS }));
      expect(activity.node).toBe(REPORT);
      expect(activity.openIncidents.map(({ incident }) => incident.id)).toEqual(['i-1']);
      await other.active.updateIncident('i-1', { at: T(4), resolve: true }, null);
      expect((await store.traceUpstreamActivity(query())).openIncidents).toEqual([]);
    });
  }
});
