import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { BIN, ensureBuilt, ROOT } from '../e2e/build.js';

/** Events in the batch; enough that the server is still ingesting when it is killed. */
const EVENTS = Number(process.env.ROOTLINE_CRASH_EVENTS ?? 6_000);

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'rootline-crash-'));
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function batch(): string {
  const lines: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    lines.push(
      JSON.stringify({
        eventType: 'COMPLETE',
        eventTime: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString(),
        run: { runId: randomUUID() },
        job: { namespace: 'crash', name: `job_${i % 200}` },
        inputs: [{ namespace: 'postgres://db:5432', name: `raw.table_${i % 97}`, facets: {} }],
        outputs: [{ namespace: 'postgres://db:5432', name: `mart.table_${i % 200}` }],
        producer: 'https://github.com/rootline/tests/crash',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Starts `rootline serve --json` on a free port and resolves with its URL. */
function serve(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0', '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready:\n${out}\n${err}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: JSON.parse(line).url });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function countEvents(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/events/lineage?limit=1`);
  return (await response.json()).totalCount;
}

it('loses no accepted event and keeps no partial one when killed with SIGKILL mid-batch; a re-sent batch completes it', async () => {
  const db = join(dir, 'rootline.db');
  const body = batch();
  const first = await serve(db);
  const sending = fetch(`${first.url}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body,
  }).then(
    (response) => response.status,
    () => 'connection lost',
  );
  // Kill once some transactions have committed but (with this many events) well before the end,
  // watching the file from outside: the busy server answers no reads while it writes.
  const probe = new Database(db, { readonly: true, fileMustExist: true });
  const committed = () => (probe.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  for (let i = 0; i < 3000 && committed() === 0; i++) await new Promise((r) => setTimeout(r, 10));
  probe.close();
  first.child.kill('SIGKILL');
  await exited(first.child);
  expect(await sending).toBe('connection lost');

  // The database as the crash left it: a valid chain, and every record with its whole mutation.
  const store = await openStore({ db });
  const stored = (await store.listEvents({ limit: 100_000 })).items;
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.length).toBeLessThan(EVENTS);
  expect(await store.verifyChain()).toMatchObject({ ok: true, checked: stored.length });
  const runs = await store.listRuns({ limit: 100_000 });
  expect(runs.total).toBe(stored.length);
  for (const event of stored.slice(-50)) {
    const runId = (event.payload as { run: { runId: string } }).run.runId;
    expect(await store.getRun(runId)).not.toBeNull();
  }
  await store.close();

  const second = await serve(db);
  try {
    const response = await fetch(`${second.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBeLessThan(300);
    const { summary } = await response.json();
    expect(summary).toEqual({ accepted: EVENTS - stored.length, duplicate: stored.length, rejected: 0 });
    expect(await countEvents(second.url)).toBe(EVENTS);
    const verify = await (await fetch(`${second.url}/api/v2/events/verify`)).json();
    expect(verify).toMatchObject({ ok: true, checked: EVENTS });
    const again = await fetch(`${second.url}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(again.status).toBeLessThan(300);
    expect(await countEvents(second.url)).toBe(EVENTS);
  } finally {
    second.child.kill('SIGTERM');
    await exited(second.child);
  }
}, 300_000);
