import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';

function capture(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      isTTY: false,
      env,
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

let dir: string;
let db: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rootline-cli-security-'));
  db = join(dir, 'rootline.db');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('creates a token printing its secret once, lists it without the secret, and revokes it', async () => {
  const created = capture();
  expect(
    await runCli(
      [
        'token',
        'create',
        '--role',
        'viewer',
        '--namespaces',
        'feast://prod',
        '--scopes',
        'pii:read',
        '--expires',
        '90d',
        '--db',
        db,
      ],
      created.io,
    ),
  ).toBe(0);
  const secret = created.out().trim();
  expect(secret).toMatch(/^rl_[A-Za-z0-9_-]{40,}$/);
  const listed = capture();
  expect(await runCli(['token', 'list', '--db', db, '--json'], listed.io)).toBe(0);
  const { tokens } = JSON.parse(listed.out());
  expect(tokens).toHaveLength(1);
  expect(tokens[0]).toMatchObject({ role: 'viewer', namespaces: ['feast://prod'], scopes: ['pii:read'] });
  expect(listed.out()).not.toContain(secret);
  const revoked = capture();
  expect(await runCli(['token', 'revoke', tokens[0].id, '--db', db], revoked.io)).toBe(0);
  const audit = capture();
  expect(await runCli(['audit', '--db', db, '--json'], audit.io)).toBe(0);
  const records = JSON.parse(audit.out()).records;
  expect(records.map((r: { action: string }) => r.action)).toEqual(['token.revoke', 'token.create']);
  expect(records[0].actor).toMatch(/^cli/);
  expect(await runCli(['token', 'create', '--role', 'root', '--db', db], capture().io)).toBe(2);
  expect(
    await runCli(['token', 'create', '--role', 'viewer', '--scopes', 'everything', '--db', db], capture().io),
  ).toBe(2);
});

it('sends ROOTLINE_TOKEN in --server mode and reports 401 and 403 as errors', async () => {
  const store = await openStore({ db });
  const app = await createApp({ store, authRequired: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const admin = capture();
    await runCli(['token', 'create', '--role', 'admin', '--db', db], admin.io);
    const adminSecret = admin.out().trim();
    const noToken = capture();
    expect(await runCli(['token', 'list', '--server', url], noToken.io)).toBe(1);
    expect(noToken.err()).toContain('requires a token');
    const viaServer = capture({ ROOTLINE_TOKEN: adminSecret });
    expect(await runCli(['token', 'create', '--role', 'viewer', '--server', url, '--json'], viaServer.io)).toBe(0);
    const viewerSecret = JSON.parse(viaServer.out()).secret;
    const asViewer = capture({ ROOTLINE_TOKEN: viewerSecret });
    expect(await runCli(['token', 'list', '--server', url], asViewer.io)).toBe(1);
    expect(asViewer.err()).toContain('admin');
    const audit = capture({ ROOTLINE_TOKEN: adminSecret });
    expect(await runCli(['audit', '--server', url, '--json'], audit.io)).toBe(0);
    expect(JSON.parse(audit.out()).total).toBe(2);
  } finally {
    await app.close();
    await store.close();
  }
});

it('applies retention from rootline.config.yaml and keeps the chain verifiable', async () => {
  const store = await openStore({ db });
  const { emptyMutation } = await import('../../src/model/mutation.js');
  await store.ingest({ source: 'openlineage', actor: null, payload: { old: true }, eventTime: null }, emptyMutation());
  await store.close();
  const config = join(dir, 'rootline.config.yaml');
  writeFileSync(config, 'retention:\n  runs: 90d\n  predictions: 30d\n  events: 0s\n');
  const applied = capture({ ROOTLINE_CONFIG: config });
  expect(await runCli(['retention', 'apply', '--db', db, '--json'], applied.io)).toBe(0);
  expect(JSON.parse(applied.out())).toMatchObject({ events: 1, checkpoint: 2 });
  const verified = capture();
  expect(await runCli(['verify', '--db', db], verified.io)).toBe(0);
  expect(verified.out()).toContain('2 records checked');
  writeFileSync(config, 'retention:\n  runs: forever\n');
  expect(await runCli(['retention', 'apply', '--db', db], capture({ ROOTLINE_CONFIG: config }).io)).toBe(2);
});

it('exports a database with rootline export and imports it into an empty one with rootline import', async () => {
  const store = await openStore({ db });
  const { emptyMutation } = await import('../../src/model/mutation.js');
  const { ingestOpenLineage } = await import('../../src/ingest/openlineage/ingest-openlineage.js');
  await ingestOpenLineage(
    store,
    [
      {
        eventType: 'FAIL',
        eventTime: '2026-10-01T00:00:00Z',
        run: {
          runId: '0192f7a0-0000-7000-8000-000000000001',
          facets: {
            errorMessage: {
              _producer: 'https://github.com/rootline/tests',
              _schemaURL:
                'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
              message: 'boom',
              programmingLanguage: 'python',
            },
          },
        },
        job: { namespace: 'etl', name: 'load' },
        inputs: [{ namespace: 'pg', name: 'a' }],
        outputs: [{ namespace: 'pg', name: 'b' }],
        producer: 'https://github.com/rootline/tests',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      },
    ],
    { strict: false },
  );
  await store.ingest(
    { source: 'audit', actor: 'tok_a', payload: { action: 'pii.read' }, eventTime: null },
    emptyMutation(),
  );
  await store.applyRetention({ runsBefore: '2999-01-01T00:00:00.000Z' }, 'tok_admin');
  await store.close();
  const exported = capture();
  expect(await runCli(['export', '--db', db], exported.io)).toBe(0);
  expect(exported.err()).toContain('exported 3 records');
  const file = join(dir, 'backup.ndjson');
  writeFileSync(file, exported.out());
  const target = join(dir, 'copy.db');
  const imported = capture();
  expect(await runCli(['import', file, '--db', target, '--json'], imported.io)).toBe(0);
  expect(JSON.parse(imported.out())).toMatchObject({ events: 3, notReplayed: [], chain: { ok: true, checked: 3 } });
  const copy = await openStore({ db: target });
  try {
    expect(await copy.getNode('dataset:pg:b')).not.toBeNull();
    expect((await copy.getRun('0192f7a0-0000-7000-8000-000000000001'))?.facets).toEqual({});
    expect((await copy.getRun('0192f7a0-0000-7000-8000-000000000001'))?.state).toBe('FAILED');
  } finally {
    await copy.close();
  }
  const again = capture();
  expect(await runCli(['import', file, '--db', target], again.io)).toBe(2);
  expect(again.err()).toContain('needs an empty database');
  expect(await runCli(['import', join(dir, 'missing.ndjson'), '--db', join(dir, 'other.db')], capture().io)).toBe(2);
});
