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
