import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CUSTOMERS,
  DB,
  ETL,
  ORDERS_CLEAN,
  PIPELINE_TIMES,
  pipelineEvents,
  REVENUE,
  runEvent,
} from '../../test/server/test-server.js';
import { ingestOpenLineage } from '../ingest/openlineage/ingest-openlineage.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { diffGraph } from './diff.js';

const JOB = `job:${ETL}:daily_revenue`;
const DAY4 = '2026-10-04T06:00:00.000Z';
const RUN_DAY4 = '0a8f1f5e-5555-4c3e-9d51-6c1b2f1a0005';

/** Day 4: daily_revenue stops reading customers and its output gains a column. */
function day4Events() {
  const revenue = {
    ...REVENUE,
    fields: [...(REVENUE.fields ?? []), ['orders', 'INTEGER'] as [string, string]],
  };
  const spec = { runId: RUN_DAY4, job: 'daily_revenue', inputs: [ORDERS_CLEAN], outputs: [revenue], sql: 'SELECT v3' };
  return [
    runEvent({ eventType: 'START', eventTime: DAY4, ...spec }),
    runEvent({ eventType: 'COMPLETE', eventTime: '2026-10-04T06:05:00.000Z', ...spec }),
  ];
}

describe('diffGraph', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ db: ':memory:' });
    const outcomes = await ingestOpenLineage(store, [...pipelineEvents(), ...day4Events()], { strict: false });
    expect(outcomes.every((outcome) => outcome.status === 'accepted')).toBe(true);
  });
  afterEach(async () => {
    await store?.close();
  });

  it('lists the input edge opened on day 3 as added and the dataset first seen then as added', async () => {
    const diff = await diffGraph(store, { from: '2026-10-02T12:00:00.000Z', to: '2026-10-03T12:00:00.000Z' });
    expect(diff.edges.added).toEqual([
      expect.objectContaining({ kind: 'INPUT', source: `dataset:${DB}:${CUSTOMERS.name}`, target: JOB }),
    ]);
    expect(diff.edges.removed).toEqual([]);
    expect(diff.nodes.added.map((node) => node.id)).toContain(`dataset:${DB}:${CUSTOMERS.name}`);
    expect(diff.partial).toBe(false);
  });

  it('lists the input edge closed on day 4 as removed, with its validity interval', async () => {
    const diff = await diffGraph(store, { from: '2026-10-03T12:00:00.000Z', to: '2026-10-05T00:00:00.000Z' });
    expect(diff.edges.removed).toEqual([
      expect.objectContaining({
        kind: 'INPUT',
        source: `dataset:${DB}:${CUSTOMERS.name}`,
        target: JOB,
        validTo: expect.any(String),
      }),
    ]);
  });

  it('reports the column a dataset gained between the two times', async () => {
    const diff = await diffGraph(store, { from: '2026-10-03T12:00:00.000Z', to: '2026-10-05T00:00:00.000Z' });
    const revenue = diff.nodes.changed.find((node) => node.id === `dataset:${DB}:public.revenue`);
    expect(revenue?.schema).toEqual({ added: ['orders'], removed: [], typeChanged: [] });
  });

  it('leaves out an edge that opened and closed inside the window', async () => {
    const diff = await diffGraph(store, { from: PIPELINE_TIMES.day2, to: '2026-10-05T00:00:00.000Z' });
    const customerEdges = [...diff.edges.added, ...diff.edges.removed].filter((edge) =>
      edge.source.endsWith(CUSTOMERS.name),
    );
    expect(customerEdges).toEqual([]);
  });

  it('says partial when more changes happened than the budget allows', async () => {
    const diff = await diffGraph(store, {
      from: '2026-09-01T00:00:00.000Z',
      to: '2026-10-05T00:00:00.000Z',
      budget: 2,
    });
    expect(diff.partial).toBe(true);
  });

  it('rejects a window whose from is after its to', async () => {
    await expect(diffGraph(store, { from: DAY4, to: PIPELINE_TIMES.day1 })).rejects.toThrow(/after/);
  });
});
