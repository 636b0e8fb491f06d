import { expect, it } from 'vitest';
import { emptyMutation } from '../../src/model/mutation.js';
import type { AccessToken } from '../../src/store/store.js';
import { forEachEngine } from '../helpers/stores.js';

function token(id: string, overrides: Partial<AccessToken> = {}): AccessToken {
  return {
    id,
    role: 'viewer',
    namespaces: ['feast://prod'],
    scopes: ['pii:read'],
    description: 'reader',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: null,
    expiresAt: null,
    revokedAt: null,
    ...overrides,
  };
}

forEachEngine('access tokens and retention in the store', (getStore, ctx) => {
  it('finds a token by the hash of its secret and logs its creation and revocation as admin records', async () => {
    const store = getStore();
    await store.createToken(token('tok_a'), 'h'.repeat(64), 'tok_root');
    expect(await store.findTokenByHash('h'.repeat(64))).toMatchObject({ id: 'tok_a', namespaces: ['feast://prod'] });
    expect(await store.findTokenByHash('x'.repeat(64))).toBeNull();
    const revoked = await store.revokeToken('tok_a', 'tok_root');
    expect(revoked?.revokedAt).not.toBeNull();
    expect(await store.revokeToken('tok_missing', null)).toBeNull();
    const events = await store.listEvents({ source: 'admin' });
    expect(events.items.map((e) => [e.actor, (e.payload as { action: string }).action])).toEqual([
      ['tok_root', 'token.create'],
      ['tok_root', 'token.revoke'],
    ]);
    expect(JSON.stringify(events.items)).not.toContain('secret"');
    expect((await store.listTokens()).map((t) => t.id)).toEqual(['tok_a']);
  });

  it('prunes old payloads behind a checkpoint so the chain still verifies and re-sent records stay duplicates', async () => {
    const store = getStore();
    for (let i = 0; i < 5; i++) {
      await store.ingest({ source: 'openlineage', actor: null, payload: { n: i }, eventTime: null }, emptyMutation());
    }
    await store.createToken(token('tok_b'), 'b'.repeat(64), null);
    const report = await store.applyRetention({ eventsBefore: '2999-01-01T00:00:00.000Z' }, 'tok_admin');
    expect(report).toMatchObject({ events: 5, checkpoint: 7 });
    const first = await store.getEvent(1);
    expect(first).toMatchObject({ payload: null, prunedBy: 7 });
    expect((await store.getEvent(6))?.payload).toMatchObject({ action: 'token.create' });
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 7 });
    const again = await store.ingest(
      { source: 'openlineage', actor: null, payload: { n: 2 }, eventTime: null },
      emptyMutation(),
    );
    expect(again).toMatchObject({ status: 'duplicate', seq: 3 });
    expect(await store.applyRetention({ eventsBefore: '2999-01-01T00:00:00.000Z' }, null)).toMatchObject({
      checkpoint: null,
      events: 0,
    });
  });

  it('reports a tampered pruned segment at its checkpoint', async () => {
    const store = getStore();
    for (let i = 0; i < 3; i++) {
      await store.ingest({ source: 'openlineage', actor: null, payload: { n: i }, eventTime: null }, emptyMutation());
    }
    await store.applyRetention({ eventsBefore: '2999-01-01T00:00:00.000Z' }, null);
    await ctx.exec('UPDATE events SET pruned_by = NULL WHERE seq = 2');
    const report = await store.verifyChain();
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.seq).toBe(2);
  });

  it('filters the event log by the strings a payload mentions', async () => {
    const store = getStore();
    await store.ingest(
      { source: 'apply', actor: 'tok_x', payload: { name: 'orders_100%' }, eventTime: null },
      emptyMutation(),
    );
    await store.ingest(
      { source: 'apply', actor: 'tok_x', payload: { name: 'orders_1000' }, eventTime: null },
      emptyMutation(),
    );
    const page = await store.listEvents({ mentions: ['orders_100%'] });
    expect(page.items.map((e) => e.seq)).toEqual([1]);
  });
});
