import { expect, it } from 'vitest';
import { findUpstreamIncidents, openIncident, updateIncident } from '../../src/active/incidents.js';
import { findRootCauses } from '../../src/analysis/root-cause.js';
import { NotFoundError } from '../../src/model/errors.js';
import { datasetOfId } from '../../src/model/node-id.js';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, T } from '../store/builders.js';

forEachEngine('incidents', (getStore) => {
  it('opens, annotates and resolves an incident, recording each step in the event log', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const opened = await openIncident(
      store,
      { node: ids.staging, title: 'ages are negative', severity: 'high', note: 'seen in the dashboard' },
      'alice',
    );
    expect(opened).toMatchObject({ nodeId: ids.staging, status: 'open', severity: 'high', openedBy: 'alice' });
    const noted = await updateIncident(store, opened.id, { note: 'bad load on the 5th' }, 'bob');
    expect(noted.notes.map((note) => note.message)).toEqual(['seen in the dashboard', 'bad load on the 5th']);
    const resolved = await updateIncident(store, opened.id, { resolve: true, note: 'reloaded' }, 'bob');
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'bob' });
    expect((await store.active.getIncident(opened.id))?.status).toBe('resolved');
    const actions = (await store.listEvents({ source: 'admin', limit: 10 })).items.map(
      (event) => (event.payload as { action: string }).action,
    );
    expect(actions).toEqual(expect.arrayContaining(['incident.open', 'incident.update', 'incident.resolve']));
    expect((await store.verifyChain()).ok).toBe(true);
  });

  it('lists the incidents open at a time, and counts every page whether full, partial or past the end', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const first = await openIncident(store, { node: ids.crmAge, title: 'one', severity: 'low' }, null);
    const second = await openIncident(store, { node: ids.staging, title: 'two', severity: 'low' }, null);
    const third = await openIncident(store, { node: ids.features, title: 'three', severity: 'low' }, null);
    const resolved = await updateIncident(store, second.id, { resolve: true }, null);
    const openAt = async (at: string) =>
      (await store.active.listIncidents({ openAt: at })).items.map((incident) => incident.id).sort();
    expect(await openAt(resolved.resolvedAt as string)).toEqual([first.id, third.id].sort());
    expect(await openAt(T(1))).toEqual([]);
    for (const page of [{ limit: 1 }, { limit: 10 }, { limit: 2, offset: 2 }, { limit: 10, offset: 5 }]) {
      const found = await store.active.listIncidents(page);
      expect([found.items.length, found.total]).toEqual([Math.max(0, Math.min(page.limit, 3 - (page.offset ?? 0))), 3]);
    }
  });

  it('refuses an incident on a node that does not exist and an update of an unknown incident', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await expect(openIncident(store, { node: 'dataset:nowhere:x', title: 't', severity: 'low' }, null)).rejects.toThrow(
      NotFoundError,
    );
    await expect(updateIncident(store, 'missing', { note: 'x' }, null)).rejects.toThrow(NotFoundError);
  });

  it('lists open incidents upstream of a deployment with their distance and path, but not resolved ones', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const onCrm = await openIncident(store, { node: ids.crmAge, title: 'crm ages wrong', severity: 'medium' }, null);
    const onModel = await openIncident(store, { node: ids.deployment, title: 'latency', severity: 'low' }, null);
    const closed = await openIncident(store, { node: ids.features, title: 'old', severity: 'low' }, null);
    await updateIncident(store, closed.id, { resolve: true }, null);
    const upstream = await findUpstreamIncidents(store, ids.deployment);
    expect(upstream.map((entry) => entry.incident.id)).toEqual([onModel.id, onCrm.id]);
    const crm = upstream.find((entry) => entry.incident.id === onCrm.id);
    expect(crm?.distance).toBeGreaterThan(0);
    // A column's incident sits on its dataset's place, as root cause places it.
    expect(crm?.path[0]).toBe(datasetOfId(ids.crmAge));
    expect(crm?.path.at(-1)).toBe(ids.deployment);
    expect(await findUpstreamIncidents(store, ids.billing)).toEqual([]);
  });

  it('ranks an open upstream incident above a failed run in root cause', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await apply(store, {
      runs: [
        {
          runId: '11111111-1111-4111-8111-111111111111',
          jobId: ids.build,
          eventType: 'FAIL',
          eventTime: T(5, 6),
          facets: {},
          inputVersions: [],
          outputVersions: [],
        },
      ],
    });
    const opened = await openIncident(store, { node: ids.crm, title: 'crm export broken', severity: 'critical' }, null);
    const report = await findRootCauses(store, {
      node: ids.deployment,
      since: T(4),
      until: '2100-01-01T00:00:00.000Z',
    });
    expect(report.candidates[0]).toMatchObject({ kind: 'incident', node: ids.crm });
    expect(report.candidates[0]?.evidence[0]?.detail).toContain(opened.id);
    expect(report.candidates.map((c) => c.kind)).toContain('failed_run');
  });
});
