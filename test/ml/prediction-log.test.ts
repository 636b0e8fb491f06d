import { expect, it } from 'vitest';
import type { Prediction } from '../../src/store/prediction-log.js';
import { forEachEngine } from '../helpers/stores.js';

const p = (id: string, time: string, extra: Partial<Prediction> = {}): Prediction => ({
  id,
  deployment: 'deployment:serving://prod:churn-prod',
  modelVersion: 'modelVersion:mlflow://prod:churn:3',
  time,
  features: { age: 41, tenure_days: 730 },
  output: { churn: 0.12 },
  ...extra,
});

forEachEngine('prediction log', (getStore) => {
  it('appends predictions and reads one back by id', async () => {
    const log = getStore().predictions;
    expect(await log.append([p('a', '2026-10-04T12:00:00.000Z'), p('b', '2026-11-02T00:00:00.000Z')])).toEqual([
      'inserted',
      'inserted',
    ]);
    expect(await log.get('b')).toEqual(p('b', '2026-11-02T00:00:00.000Z'));
    expect(await log.get('missing')).toBeNull();
  });

  it('treats an identical re-sent id as a duplicate and changes nothing', async () => {
    const log = getStore().predictions;
    await log.append([p('a', '2026-10-04T12:00:00.000Z')]);
    expect(await log.append([p('a', '2026-10-04T12:00:00.000Z', { features: { tenure_days: 730, age: 41 } })])).toEqual(
      ['duplicate'],
    );
    expect((await log.list({})).total).toBe(1);
  });

  it('writes nothing of a batch in which an id conflicts with a logged prediction', async () => {
    const log = getStore().predictions;
    await log.append([p('a', '2026-10-04T12:00:00.000Z')]);
    const statuses = await log.append([
      p('b', '2026-10-05T00:00:00.000Z'),
      p('a', '2026-10-04T12:00:00.000Z', { output: { churn: 0.9 } }),
    ]);
    expect(statuses).toEqual(['inserted', 'conflict']);
    expect(await log.get('b')).toBeNull();
    expect((await log.list({})).total).toBe(1);
  });

  it('lists newest first within a deployment and time window', async () => {
    const log = getStore().predictions;
    await log.append([
      p('a', '2026-09-30T23:00:00.000Z'),
      p('b', '2026-10-01T01:00:00.000Z'),
      p('c', '2026-10-15T00:00:00.000Z'),
      p('d', '2026-10-16T00:00:00.000Z', { deployment: 'deployment:serving://prod:other' }),
    ]);
    const page = await log.list({
      deployment: 'deployment:serving://prod:churn-prod',
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
    });
    expect(page.items.map((x) => x.id)).toEqual(['c', 'b']);
    expect(page.total).toBe(2);
  });

  it('prunes predictions older than the retention cut-off', async () => {
    const log = getStore().predictions;
    await log.append([
      p('old', '2026-08-10T00:00:00.000Z'),
      p('edge', '2026-09-20T00:00:00.000Z'),
      p('new', '2026-10-10T00:00:00.000Z'),
    ]);
    expect(await log.prune('2026-10-01T00:00:00.000Z')).toBe(2);
    expect((await log.list({})).items.map((x) => x.id)).toEqual(['new']);
    await log.append([p('late', '2026-08-11T00:00:00.000Z')]);
    expect(await log.get('late')).not.toBeNull();
  });
});
