import { expect, it } from 'vitest';
import type { GraphEdge, Run } from '../../src/model/graph.js';
import { visibleActivity } from '../../src/server/auth/visible-activity.js';
import type { Incident } from '../../src/store/active-store.js';
import type { UpstreamActivity, UpstreamPlace } from '../../src/store/store.js';

const ROOT = 'dataset:mine:report';
const SEEN = 'dataset:mine:orders';
const HIDDEN = 'dataset:theirs:raw';
const BEHIND = 'dataset:mine:behind_theirs';
const JOB = 'job:mine:load';
const HIDDEN_JOB = 'job:theirs:load';

const places: Record<string, UpstreamPlace> = {
  [SEEN]: { distance: 1, path: [SEEN, ROOT] },
  [JOB]: { distance: 2, path: [JOB, SEEN, ROOT] },
  [HIDDEN]: { distance: 1, path: [HIDDEN, ROOT] },
  [HIDDEN_JOB]: { distance: 2, path: [HIDDEN_JOB, HIDDEN, ROOT] },
  // Visible itself, but only reached through a namespace the reader cannot see.
  [BEHIND]: { distance: 2, path: [BEHIND, HIDDEN, ROOT] },
};

const failedRun = (jobId: string) => ({ run: { runId: `r-${jobId}`, jobId } as Run, eventSeq: 1 });
const failedAssertion = (nodeId: string) => ({
  nodeId,
  assertion: 'not_null',
  status: 'fail' as const,
  at: '2026-01-02T00:00:00.000Z',
  runId: null,
  severity: null,
  details: {},
  eventSeq: null,
});
const incidentAt = (nodeId: string, place: UpstreamPlace | undefined) => ({
  incident: { id: `i-${nodeId}`, nodeId } as Incident,
  ...(place as UpstreamPlace),
});
const input = (source: string, target: string) => ({
  edge: { kind: 'INPUT', source, target } as GraphEdge,
  eventSeq: 2,
});

it('keeps only the places whose whole path is visible, and what happened on them', () => {
  const activity: UpstreamActivity = {
    node: ROOT,
    upstream: Object.keys(places),
    partial: true,
    placeOf: (id) => places[id] ?? null,
    failedRuns: [failedRun(JOB), failedRun(HIDDEN_JOB)],
    failedAssertions: [failedAssertion(`${SEEN.replace('dataset:', 'datasetField:')}:id`), failedAssertion(BEHIND)],
    schemaChanges: [SEEN, HIDDEN].map((datasetId) => ({
      datasetId,
      createdMs: 0,
      before: [],
      after: [],
      details: { version: 'v', runId: null, eventSeq: null },
    })),
    staleInputs: [SEEN, BEHIND].map((datasetId) => ({ datasetId, latestMs: 0, intervalMs: 1 })),
    lineageChanges: [input(SEEN, JOB), input(HIDDEN, JOB), input(HIDDEN, HIDDEN_JOB)],
    openIncidents: [
      incidentAt(ROOT, { distance: 0, path: [ROOT] }),
      incidentAt('datasetField:mine:report:id', { distance: 0, path: [ROOT] }),
      incidentAt(SEEN, places[SEEN]),
      incidentAt(HIDDEN, places[HIDDEN]),
      incidentAt(BEHIND, places[BEHIND]),
      incidentAt('datasetField:mine:behind_theirs:id', places[BEHIND]),
      // A field the reader may not see, of a dataset it sees.
      incidentAt('datasetField:theirs:raw:id', places[SEEN]),
    ],
  };
  const seen = visibleActivity(activity, (id) => id.includes(':mine:'));
  expect(seen.upstream).toEqual([SEEN, JOB]);
  expect(seen.partial).toBe(true);
  expect(seen.placeOf(JOB)).toEqual(places[JOB]);
  expect(seen.placeOf(BEHIND)).toBeNull();
  expect(seen.placeOf(HIDDEN)).toBeNull();
  expect(seen.failedRuns.map(({ run }) => run.jobId)).toEqual([JOB]);
  expect(seen.failedAssertions.map((a) => a.nodeId)).toEqual(['datasetField:mine:orders:id']);
  expect(seen.schemaChanges.map((c) => c.datasetId)).toEqual([SEEN]);
  expect(seen.staleInputs.map((s) => s.datasetId)).toEqual([SEEN]);
  // A visible job's change that names a hidden dataset is left out too.
  expect(seen.lineageChanges.map(({ edge }) => edge.source)).toEqual([SEEN]);
  // Incidents on the node, its fields and visible places; not behind a hidden one.
  expect(seen.openIncidents.map(({ incident }) => incident.nodeId)).toEqual([
    ROOT,
    'datasetField:mine:report:id',
    SEEN,
  ]);
});
