import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/active/sign-payload.js';
import { createSubscription } from '../../src/active/subscriptions.js';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { emptyMutation } from '../../src/model/mutation.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestServer, runEvent, type TestServer } from '../server/test-server.js';
import { eventually, type Receiver, startReceiver } from './receiver.js';

const JOB = 'job:etl:load_orders';
const FAILED_RUN = '0a8f1f5e-5555-4c3e-9d51-6c1b2f1a0005';
const fast = { backoffMs: 20, pollMs: 20, timeoutMs: 300, maxAttempts: 3 };

function failEvent(eventTime = '2026-10-04T06:00:00.000Z') {
  return runEvent({
    eventType: 'FAIL',
    eventTime,
    runId: FAILED_RUN,
    job: 'load_orders',
    inputs: [{ name: 'raw.orders', fields: [['id', 'INTEGER']] }],
    outputs: [{ name: 'public.orders_clean', fields: [['id', 'INTEGER']] }],
  });
}

describe('alert subscriptions and deliveries', () => {
  let server: TestServer | null = null;
  let receiver: Receiver | null = null;
  afterEach(async () => {
    await server?.close();
    await receiver?.close();
    server = null;
    receiver = null;
  });

  async function subscribe(app: TestServer['app'], url: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v2/subscriptions',
      payload: { rule: { kind: 'run_failed', job: JOB }, target: { kind: 'webhook', url } },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { subscription: { id: string }; secret: string };
  }

  it('delivers a signed alert for a failed run, retrying after the receiver first fails', async () => {
    receiver = await startReceiver([500, 200]);
    server = await createTestServer({ active: { delivery: fast } });
    const { subscription, secret } = await subscribe(server.app, receiver.url);
    const ingested = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: failEvent() });
    expect(ingested.statusCode).toBeLessThan(300);
    const app = server.app;
    const delivered = await eventually(async () => {
      const alerts = (await app.inject({ url: '/api/v2/alerts?status=delivered' })).json().alerts;
      return alerts.length > 0 ? alerts[0] : undefined;
    });
    expect(delivered).toMatchObject({
      subscriptionId: subscription.id,
      rule: 'run_failed',
      attempts: 2,
      status: 'delivered',
    });
    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1];
    const timestamp = String(last?.headers['x-rootline-timestamp']);
    const signature = String(last?.headers['x-rootline-signature']);
    expect(verifySignature(secret, timestamp, last?.body ?? '', signature)).toBe(true);
    expect(verifySignature('another-secret-value', timestamp, last?.body ?? '', signature)).toBe(false);
    const body = JSON.parse(last?.body ?? '{}');
    expect(body).toMatchObject({ rule: 'run_failed', subscription: subscription.id });
    expect(body.evidence).toMatchObject({ runId: FAILED_RUN, job: JOB });
    expect(body.nodes).toContain('dataset:postgres://db:5432:public.orders_clean');
    expect(Array.isArray(body.owners)).toBe(true);
  });

  it('sends the same failure once even when more events about it arrive', async () => {
    receiver = await startReceiver([200]);
    server = await createTestServer({ active: { delivery: fast } });
    await subscribe(server.app, receiver.url);
    await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: failEvent() });
    await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: failEvent('2026-10-04T06:01:00.000Z') });
    const app = server.app;
    await eventually(async () => {
      const alerts = (await app.inject({ url: '/api/v2/alerts' })).json().alerts;
      return alerts.length > 0 && alerts.every((a: { status: string }) => a.status === 'delivered')
        ? alerts
        : undefined;
    });
    await server.close();
    server = null;
    expect(receiver.received).toHaveLength(1);
  });

  it('keeps ingesting while a target hangs, and records the timeouts in the delivery log', async () => {
    receiver = await startReceiver(['hang']);
    server = await createTestServer({ active: { delivery: { ...fast, timeoutMs: 100, maxAttempts: 2 } } });
    await subscribe(server.app, receiver.url);
    const ingested = await server.app.inject({ method: 'POST', url: '/api/v1/lineage', payload: failEvent() });
    expect(ingested.statusCode).toBeLessThan(300);
    const more = await server.app.inject({
      method: 'POST',
      url: '/api/v1/lineage',
      payload: runEvent({
        eventType: 'COMPLETE',
        eventTime: '2026-10-05T06:00:00.000Z',
        runId: '0a8f1f5e-6666-4c3e-9d51-6c1b2f1a0006',
        job: 'other',
      }),
    });
    expect(more.statusCode).toBeLessThan(300);
    const app = server.app;
    const failed = await eventually(async () => {
      const alerts = (await app.inject({ url: '/api/v2/alerts?status=failed' })).json().alerts;
      return alerts.length > 0 ? alerts[0] : undefined;
    });
    expect(failed.attempts).toBe(2);
    expect(failed.lastError).toMatch(/timeout|aborted/i);
  });

  it('resumes pending deliveries after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootline-alerts-'));
    const db = join(dir, 'r.db');
    try {
      receiver = await startReceiver([200]);
      const first = await openStore({ db });
      const paused = await createApp({ store: first, active: { delivery: { ...fast, paused: true } } });
      await subscribe(paused, receiver.url);
      await paused.inject({ method: 'POST', url: '/api/v1/lineage', payload: failEvent() });
      const pending = await eventually(async () => {
        const alerts = (await paused.inject({ url: '/api/v2/alerts?status=pending' })).json().alerts;
        return alerts.length > 0 ? alerts : undefined;
      });
      expect(pending).toHaveLength(1);
      await paused.close();
      await first.close();
      expect(receiver.received).toHaveLength(0);

      const second = await openStore({ db });
      const restarted = await createApp({ store: second, active: { delivery: fast } });
      try {
        await eventually(async () => {
          const alerts = (await restarted.inject({ url: '/api/v2/alerts?status=delivered' })).json().alerts;
          return alerts.length > 0 ? alerts : undefined;
        });
        expect(receiver.received).toHaveLength(1);
      } finally {
        await restarted.close();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('evaluates, when it starts, records a previous run committed but never evaluated', async () => {
    receiver = await startReceiver([200]);
    const store = await openStore({ db: ':memory:' });
    try {
      await createSubscription(
        store,
        { rule: { kind: 'run_failed', job: JOB }, target: { kind: 'webhook', url: receiver.url } },
        null,
      );
      // A record its ingest path cannot read again is skipped, not a reason to give up.
      await store.ingest(
        { source: 'apply', actor: null, payload: { not: 'a manifest' }, eventTime: null },
        emptyMutation(),
      );
      // Written straight to the store: committed, and no notifier saw it (a crash right after the commit).
      const [outcome] = await ingestOpenLineage(store, [failEvent()], { strict: false, actor: null });
      expect(outcome?.status).toBe('accepted');
      expect(await store.active.readAlertProgress()).toBe(0);
      const app = await createApp({ store, active: { delivery: fast } });
      try {
        const delivered = await eventually(async () => {
          const alerts = (await app.inject({ url: '/api/v2/alerts?status=delivered' })).json().alerts;
          return alerts.length > 0 ? alerts : undefined;
        });
        expect(delivered[0]).toMatchObject({ rule: 'run_failed' });
      } finally {
        await app.close();
      }
      expect(await store.active.readAlertProgress()).toBe((await store.listEvents({ limit: 1 })).total);
      // Started again, nothing is left to evaluate and nothing is sent twice.
      const again = await createApp({ store, active: { delivery: fast } });
      await again.close();
      expect(receiver.received).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('rejects bad subscriptions with the path of the error', async () => {
    server = await createTestServer();
    const app = server.app;
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/v2/subscriptions', payload });
    const unknownRule = await post({
      rule: { kind: 'sometimes' },
      target: { kind: 'webhook', url: 'http://127.0.0.1:1/x' },
    });
    expect(unknownRule.statusCode).toBe(400);
    expect(unknownRule.json().error.path).toContain('rule');
    const wrongKind = await post({
      rule: { kind: 'run_failed', job: 'dataset:pg:orders' },
      target: { kind: 'webhook', url: 'http://127.0.0.1:1/x' },
    });
    expect(wrongKind.json().error.path).toContain('rule.job');
    const command = await post({ rule: { kind: 'lineage_gap' }, target: { kind: 'command', command: 'rm -rf /' } });
    expect(command.statusCode).toBe(400);
    const badUrl = await post({ rule: { kind: 'lineage_gap' }, target: { kind: 'webhook', url: 'ftp://x' } });
    expect(badUrl.json().error.path).toContain('target.url');
    const missing = await server.app.inject({ method: 'DELETE', url: '/api/v2/subscriptions/nope' });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps webhooks to the hosts ROOTLINE_WEBHOOK_HOSTS allows, and off link-local addresses', async () => {
    receiver = await startReceiver([200, 200]);
    server = await createTestServer({ active: { delivery: { ...fast, maxAttempts: 1 } } });
    const app = server.app;
    const post = (url: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v2/subscriptions',
        payload: { rule: { kind: 'run_failed', job: JOB }, target: { kind: 'webhook', url } },
      });
    const metadata = await post('http://169.254.169.254/latest/meta-data/');
    expect(metadata.statusCode).toBe(400);
    expect(metadata.json().error).toMatchObject({ path: 'target.url' });
    expect(metadata.json().error.message).toContain('link-local');
    expect((await post('http://[fe80::1]/hook')).statusCode).toBe(400);

    const previous = process.env.ROOTLINE_WEBHOOK_HOSTS;
    try {
      process.env.ROOTLINE_WEBHOOK_HOSTS = '127.0.0.1, *.alerts.example';
      expect((await post('https://hooks.other.example/x')).json().error.message).toContain('ROOTLINE_WEBHOOK_HOSTS');
      expect((await post('https://pager.alerts.example/x')).statusCode).toBe(201);
      expect((await post(receiver.url)).statusCode).toBe(201);
      // The list is read again for every delivery: a host taken off it gets nothing more.
      process.env.ROOTLINE_WEBHOOK_HOSTS = 'pager.alerts.example';
      await app.inject({ method: 'POST', url: '/api/v1/lineage', payload: failEvent() });
      const refused = await eventually(async () => {
        const alerts = (await app.inject({ url: '/api/v2/alerts?status=failed' })).json().alerts as {
          lastError: string;
        }[];
        return alerts.find((alert) => alert.lastError.includes('not in ROOTLINE_WEBHOOK_HOSTS'));
      });
      expect(refused).toBeDefined();
      expect(receiver.received).toHaveLength(0);
    } finally {
      if (previous === undefined) delete process.env.ROOTLINE_WEBHOOK_HOSTS;
      else process.env.ROOTLINE_WEBHOOK_HOSTS = previous;
    }
  });
});
