import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../../src/model/canonical-json.js';
import { hashEventHeader } from '../../src/store/event-log.js';
import { forEachEngine } from '../helpers/stores.js';
import { event, mutation, node, T } from './builders.js';

forEachEngine('event log', (getStore, ctx) => {
  it('appends records with sequence numbers, payload hashes and a chain of hashes', async () => {
    const store = getStore();
    const first = await store.ingest(event({ a: 1 }), mutation({}));
    const second = await store.ingest(event({ b: [1, 2] }), mutation({}));
    expect(first).toMatchObject({ status: 'accepted', seq: 1 });
    expect(second).toMatchObject({ status: 'accepted', seq: 2 });
    const one = await store.getEvent(1);
    const two = await store.getEvent(2);
    expect(one?.prevHash).toBe('0'.repeat(64));
    expect(one?.payloadHash).toBe(sha256(canonicalJson({ a: 1 })));
    expect(one?.payload).toEqual({ a: 1 });
    expect(two?.prevHash).toBe(one?.hash);
    expect(two?.hash).toBe(second.hash);
    expect(two?.hash).toBe(
      sha256(
        canonicalJson({
          seq: 2,
          source: two?.source,
          actor: two?.actor,
          eventTime: two?.eventTime,
          receivedAt: two?.receivedAt,
          payloadHash: two?.payloadHash,
          prevHash: two?.prevHash,
        }),
      ),
    );
  });

  it('stores the same payload once and reports the replay as a duplicate that changes nothing', async () => {
    const store = getStore();
    const m = mutation({ nodes: [node('dataset:ns:a', T(1))] });
    const first = await store.ingest(event({ same: true }), m);
    const replay = await store.ingest(
      event({ same: true }),
      mutation({ nodes: [node('dataset:ns:a', T(2), { description: 'changed' })] }),
    );
    expect(replay).toEqual({ status: 'duplicate', seq: first.seq, hash: first.hash });
    expect((await store.listEvents({})).total).toBe(1);
    expect((await store.getNode('dataset:ns:a'))?.description).toBeNull();
  });

  it('treats payloads that differ only in key order as the same record', async () => {
    const store = getStore();
    await store.ingest(event({ a: 1, b: 2 }), mutation({}));
    const again = await store.ingest(event({ b: 2, a: 1 }), mutation({}));
    expect(again.status).toBe('duplicate');
  });

  it('rolls back the event when applying its mutation fails', async () => {
    const store = getStore();
    await expect(
      store.ingest(
        event({ bad: true }),
        mutation({
          nodes: [node('dataset:ns:a', T(1))],
          assertionResults: [
            {
              nodeId: 'not-a-node-id',
              assertion: 'x',
              status: 'pass',
              at: T(1),
              runId: null,
              severity: null,
              details: {},
            },
          ],
        }),
      ),
    ).rejects.toThrow();
    expect((await store.listEvents({})).total).toBe(0);
    expect(await store.getNode('dataset:ns:a')).toBeNull();
    const next = await store.ingest(event({ good: true }), mutation({}));
    expect(next.seq).toBe(1);
  });

  it('ingests a batch in order, reporting duplicates and isolating a record that fails', async () => {
    const store = getStore();
    const bad = mutation({
      nodes: [node('dataset:ns:bad', T(1))],
      assertionResults: [
        { nodeId: 'not-a-node-id', assertion: 'x', status: 'pass', at: T(1), runId: null, severity: null, details: {} },
      ],
    });
    const results = await store.ingestBatch([
      { event: event({ b: 1 }), mutation: mutation({ nodes: [node('dataset:ns:one', T(1))] }) },
      { event: event({ b: 2 }), mutation: bad },
      { event: event({ b: 1 }), mutation: mutation({}) },
      { event: event({ b: 3 }), mutation: mutation({ nodes: [node('dataset:ns:three', T(1))] }) },
    ]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'failed', 'duplicate', 'accepted']);
    expect(results.map((r) => ('seq' in r ? r.seq : null))).toEqual([1, null, 1, 2]);
    expect(await store.getNode('dataset:ns:bad')).toBeNull();
    expect((await store.getNode('dataset:ns:three'))?.id).toBe('dataset:ns:three');
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 2 });
  });

  it('verifies an intact chain', async () => {
    const store = getStore();
    for (let i = 0; i < 5; i++) await store.ingest(event({ i }), mutation({}));
    expect(await store.verifyChain()).toEqual({ ok: true, checked: 5, firstBroken: null });
  });

  it('names the first record whose payload was edited behind the store', async () => {
    const store = getStore();
    for (let i = 0; i < 5; i++) await store.ingest(event({ i }), mutation({}));
    await ctx.exec('UPDATE events SET payload = ? WHERE seq = ?', [JSON.stringify({ i: 99 }), 3]);
    const report = await store.verifyChain();
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(2);
    expect(report.firstBroken?.seq).toBe(3);
    expect(report.firstBroken?.reason).toMatch(/payload hash/);
  });

  it('names a record whose header was edited, even when its own hash was recomputed', async () => {
    const store = getStore();
    for (let i = 0; i < 4; i++) await store.ingest(event({ i }), mutation({}));
    await ctx.exec('UPDATE events SET actor = ? WHERE seq = ?', ['mallory', 2]);
    expect((await store.verifyChain()).firstBroken).toMatchObject({
      seq: 2,
      reason: expect.stringMatching(/record hash/),
    });
    const row = await store.getEvent(2);
    if (!row) throw new Error('record 2 missing');
    const forged = hashEventHeader({ ...row, actor: 'mallory' });
    await ctx.exec('UPDATE events SET hash = ? WHERE seq = ?', [forged, 2]);
    expect((await store.verifyChain()).firstBroken).toMatchObject({
      seq: 3,
      reason: expect.stringMatching(/prevHash/),
    });
  });

  it('reports a deleted record as a sequence gap', async () => {
    const store = getStore();
    for (let i = 0; i < 4; i++) await store.ingest(event({ i }), mutation({}));
    await ctx.exec('DELETE FROM events WHERE seq = ?', [2]);
    expect((await store.verifyChain()).firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/gap/) });
  });

  it('lists events by source, actor, order and page', async () => {
    const store = getStore();
    await store.ingest({ source: 'dbt', actor: 'ci', payload: { a: 1 }, eventTime: null }, mutation({}));
    await store.ingest({ source: 'openlineage', actor: 'bob', payload: { a: 2 }, eventTime: T(1) }, mutation({}));
    await store.ingest({ source: 'openlineage', actor: 'ci', payload: { a: 3 }, eventTime: T(2) }, mutation({}));
    expect((await store.listEvents({ source: 'openlineage' })).items.map((e) => e.seq)).toEqual([2, 3]);
    expect((await store.listEvents({ actor: 'ci' })).items.map((e) => e.seq)).toEqual([1, 3]);
    const page = await store.listEvents({ order: 'desc', limit: 2 });
    expect(page.items.map((e) => e.seq)).toEqual([3, 2]);
    expect(page.total).toBe(3);
    expect((await store.listEvents({ offset: 2 })).items.map((e) => e.seq)).toEqual([3]);
    const first = await store.getEvent(1);
    expect(first?.eventTime).toBeNull();
    expect((await store.listEvents({ before: '2000-01-01T00:00:00.000Z' })).total).toBe(0);
    expect((await store.listEvents({ after: '2000-01-01T00:00:00.000Z' })).total).toBe(3);
    expect(await store.getEvent(42)).toBeNull();
  });

  it('keeps one chain when writes race', async () => {
    const store = getStore();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.ingest(event({ race: i }), mutation({}))),
    );
    expect(new Set(results.map((r) => r.seq)).size).toBe(20);
    expect((await store.verifyChain()).ok).toBe(true);
  });

  if (ctx.openSecond) {
    it('keeps one chain when two stores share the database', async () => {
      const open = ctx.openSecond;
      if (!open) return;
      const other = await open();
      const store = getStore();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).ingest(event({ shared: i }), mutation({}))),
      );
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 10 });
    });
  }
});

describe('event log hashing', () => {
  it('hashes the header fields and nothing else', () => {
    const header = {
      seq: 1,
      source: 'openlineage',
      actor: null,
      eventTime: null,
      receivedAt: '2026-01-01T00:00:00.000Z',
      payloadHash: 'a'.repeat(64),
      prevHash: '0'.repeat(64),
    };
    expect(hashEventHeader(header)).toBe(sha256(canonicalJson(header)));
  });
});
