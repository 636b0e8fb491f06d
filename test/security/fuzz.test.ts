import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_STATES } from '../../src/model/graph.js';
import { parseNodeId } from '../../src/model/node-id.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { churnManifest, DEPLOYMENT } from '../ml/churn-manifest.js';
import { createRandom, mutate, NASTY_STRINGS } from './mutate.js';

/** Mutated OpenLineage events to send; CI runs the default, the full run sets ROOTLINE_FUZZ_EVENTS=100000. */
const EVENTS = Number(process.env.ROOTLINE_FUZZ_EVENTS ?? 3_000);
const DOCUMENTS = Number(process.env.ROOTLINE_FUZZ_DOCUMENTS ?? 200);
const SEED = Number(process.env.ROOTLINE_FUZZ_SEED ?? 20261122);
const PER_REQUEST = 250;

function readEvents(dir: string): unknown[] {
  const out: unknown[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...readEvents(path));
    else if (entry.endsWith('.json') && entry !== 'index.json') out.push(JSON.parse(readFileSync(path, 'utf8')));
  }
  return out;
}

const CORPUS = readEvents(join(import.meta.dirname, '..', 'fixtures', 'openlineage', 'events'));

/** A fresh run id where the event has one, so mutated copies are new records rather than duplicates. */
function freshRun(event: unknown): unknown {
  if (
    event !== null &&
    typeof event === 'object' &&
    'run' in event &&
    event.run !== null &&
    typeof event.run === 'object'
  ) {
    return { ...event, run: { ...event.run, runId: randomUUID() } };
  }
  return event;
}

describe('fuzzing the write endpoints with mutated real inputs', () => {
  let store: Store;
  let app: FastifyInstance;
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  beforeAll(async () => {
    store = await openStore({ db: ':memory:' });
    app = await createApp({ store });
  });

  afterAll(async () => {
    console.log(
      JSON.stringify({
        fuzz: 'statuses',
        events: EVENTS,
        documents: DOCUMENTS,
        seed: SEED,
        statuses: Object.fromEntries(statuses),
      }),
    );
    await app.close();
    await store.close();
  });

  it(`answers ${EVENTS} mutated corpus events without a single 500 and stores only valid rows`, async () => {
    expect(CORPUS.length).toBeGreaterThan(100);
    const random = createRandom(SEED);
    for (let sent = 0; sent < EVENTS; sent += PER_REQUEST) {
      const batch = Array.from({ length: Math.min(PER_REQUEST, EVENTS - sent) }, (_, i) => {
        const original = CORPUS[(sent + i) % CORPUS.length];
        return mutate(freshRun(original), random);
      });
      const response = await app.inject({ method: 'POST', url: '/api/v1/lineage', payload: batch });
      count(response.statusCode);
      expect(response.statusCode, response.body.slice(0, 500)).toBeLessThan(500);
    }
    // Whole bodies of the wrong shape, one per request.
    for (const body of ['null', '"text"', '[]', '[1,2,3]', '{"eventType":', '{}', JSON.stringify(NASTY_STRINGS)]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        headers: { 'content-type': 'application/json' },
        payload: body,
      });
      count(response.statusCode);
      expect(response.statusCode).toBeLessThan(500);
    }
    const nodes = await store.listNodes({ limit: 1_000_000 });
    for (const node of nodes.items) expect(parseNodeId(node.id).kind).toBe(node.kind);
    const runs = await store.listRuns({ limit: 1_000_000 });
    for (const run of runs.items) {
      expect(RUN_STATES).toContain(run.state);
      expect(Number.isNaN(Date.parse(run.createdAt))).toBe(false);
    }
    expect(await store.verifyChain()).toMatchObject({ ok: true });
  }, 600_000);

  it(`answers ${DOCUMENTS} mutated ML manifests and prediction batches without a 500`, async () => {
    const random = createRandom(SEED + 1);
    const prediction = {
      id: 'p',
      deployment: DEPLOYMENT,
      time: '2026-10-04T12:00:00Z',
      features: { age: 41 },
      output: 0.1,
    };
    for (let i = 0; i < DOCUMENTS; i++) {
      const manifest = await app.inject({
        method: 'POST',
        url: '/api/v2/apply',
        payload: mutate(churnManifest(), random) as object,
      });
      count(manifest.statusCode);
      expect(manifest.statusCode, manifest.body.slice(0, 500)).toBeLessThan(500);
      const records = Array.from({ length: 5 }, (_, j) => mutate({ ...prediction, id: `p-${i}-${j}` }, random));
      const predictions = await app.inject({ method: 'POST', url: '/api/v2/predictions', payload: records });
      count(predictions.statusCode);
      expect(predictions.statusCode, predictions.body.slice(0, 500)).toBeLessThan(500);
    }
  }, 600_000);

  it('stores malicious names verbatim and serves them back as inert JSON', async () => {
    for (const [i, name] of NASTY_STRINGS.filter((s) => s.trim() !== '').entries()) {
      const event = {
        eventType: 'COMPLETE',
        eventTime: '2026-10-01T00:00:00Z',
        run: { runId: randomUUID() },
        job: { namespace: 'fuzz', name: `job ${i} ${name}` },
        inputs: [],
        outputs: [{ namespace: 'fuzz', name }],
        producer: 'https://github.com/rootline/tests',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      };
      const posted = await app.inject({ method: 'POST', url: '/api/v1/lineage', payload: event });
      expect(posted.statusCode).toBeLessThan(500);
      if (posted.statusCode >= 400) continue;
      const read = await app.inject({ url: `/api/v2/nodes/${encodeURIComponent(`dataset:fuzz:${name}`)}` });
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toContain('application/json');
      expect(read.headers['x-content-type-options']).toBe('nosniff');
      expect(read.json().node.name).toBe(name);
    }
    const search = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent("'; DROP TABLE")}` });
    expect(search.statusCode).toBe(200);
    expect(search.json().totalCount).toBeGreaterThan(0);
    expect((await store.listEvents({ limit: 1 })).total).toBeGreaterThan(0);
    const csv = await app.inject({
      url: `/api/v2/impact?node=${encodeURIComponent('dataset:fuzz:=HYPERLINK("http://evil.example","click")')}&format=csv`,
    });
    expect(csv.statusCode).toBeLessThan(500);
  });

  it('is still healthy and ingests a valid event after all of it', async () => {
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      payload: {
        eventType: 'COMPLETE',
        eventTime: '2026-10-02T00:00:00Z',
        run: { runId: randomUUID() },
        job: { namespace: 'after', name: 'fuzz' },
        inputs: [{ namespace: 'after', name: 'in' }],
        outputs: [{ namespace: 'after', name: 'out' }],
        producer: 'https://github.com/rootline/tests',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      },
    });
    expect(ok.statusCode).toBeLessThan(300);
  });
});
