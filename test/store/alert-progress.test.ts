import { expect, it } from 'vitest';
import { forEachEngine } from '../helpers/stores.js';
import { apply, node, T } from './builders.js';

forEachEngine('alert evaluation progress', (getStore) => {
  it('starts at zero on a new database and only ever rises', async () => {
    const store = getStore();
    expect(await store.active.readAlertProgress()).toBe(0);
    await store.active.recordAlertProgress(5);
    await store.active.recordAlertProgress(3);
    expect(await store.active.readAlertProgress()).toBe(5);
    await store.active.recordAlertProgress(9);
    expect(await store.active.readAlertProgress()).toBe(9);
  });

  it('is a record of its own, apart from the event log', async () => {
    const store = getStore();
    await apply(store, { nodes: [node('dataset:pg:a', T(1))] });
    await store.active.recordAlertProgress(1);
    expect((await store.listEvents({})).total).toBe(1);
    expect(await store.verifyChain()).toMatchObject({ ok: true });
  });
});
