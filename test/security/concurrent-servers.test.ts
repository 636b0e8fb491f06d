import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { forEachEngine } from '../helpers/stores.js';

const BATCHES = Number(process.env.ROOTLINE_CONCURRENT_BATCHES ?? 8);
const BATCH_SIZE = Number(process.env.ROOTLINE_CONCURRENT_BATCH_SIZE ?? 100);

function event(i: number, runId: string) {
  return {
    eventType: 'COMPLETE',
    eventTime: new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString(),
    run: { runId },
    job: { namespace: 'concurrent', name: `job_${i % 40}` },
    inputs: [{ namespace: 'postgres://db:5432', name: `raw.t_${i % 31}` }],
    outputs: [{ namespace: 'postgres://db:5432', name: `mart.t_${i % 40}` }],
    producer: 'https://github.com/rootline/tests/concurrent',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
}

async function post(app: FastifyInstance, events: unknown[]) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/lineage', payload: events });
  expect(response.statusCode).toBeLessThan(300);
  return response.json().summary as { accepted: number; duplicate: number; rejected: number };
}

forEachEngine('two servers ingesting into one database at once', (getStore, ctx) => {
  it('loses and duplicates no event and keeps one valid chain, even when both receive the same events', async () => {
    if (!ctx.openSecond) {
      console.log(`[concurrent servers] skipping ${ctx.engine}: an in-memory database cannot be shared`);
      return;
    }
    const first = await createApp({ store: getStore() });
    const second = await createApp({ store: await ctx.openSecond() });
    try {
      const all = Array.from({ length: BATCHES * BATCH_SIZE * 2 }, (_, i) => event(i, randomUUID()));
      const shared = all.slice(0, BATCH_SIZE);
      const started = performance.now();
      const sends: Promise<{ accepted: number; duplicate: number; rejected: number }>[] = [];
      for (let b = 0; b < BATCHES; b++) {
        sends.push(post(first, all.slice(2 * b * BATCH_SIZE, (2 * b + 1) * BATCH_SIZE)));
        sends.push(post(second, all.slice((2 * b + 1) * BATCH_SIZE, (2 * b + 2) * BATCH_SIZE)));
      }
      sends.push(post(first, shared), post(second, shared));
      const results = await Promise.all(sends);
      const seconds = (performance.now() - started) / 1000;
      const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
      expect(results.every((r) => r.rejected === 0)).toBe(true);
      expect(accepted).toBe(all.length);
      const store = getStore();
      const events = await store.listEvents({ limit: 100_000 });
      expect(events.total).toBe(all.length);
      const runIds = new Set(events.items.map((e) => (e.payload as { run: { runId: string } }).run.runId));
      expect(runIds.size).toBe(all.length);
      expect((await store.listRuns({ limit: 100_000 })).total).toBe(all.length);
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: all.length });
      console.log(
        JSON.stringify({
          bench: 'concurrent-ingest',
          engine: ctx.engine,
          servers: 2,
          events: all.length,
          seconds: Number(seconds.toFixed(2)),
          eventsPerSecond: Math.round(all.length / seconds),
        }),
      );
    } finally {
      await first.close();
      await second.close();
    }
  }, 300_000);
});
