import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runEvent, tempDir } from '../helpers/cli.js';
import { BIN, ensureBuilt, ROOT } from './build.js';

const FEATURES = 'dataset:postgres://warehouse.acme.internal:5432:analytics.features.customer_features';

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
}

/** Spawns a long-running command and resolves once its stdout matches `ready`. */
function startUntil(
  args: string[],
  cwd: string,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '' } });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 90s:\n${out}\n${err}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('the built rootline command', { timeout: 120_000 }, () => {
  let dir: string;
  let cleanup: (() => void) | undefined;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    ensureBuilt();
    ({ dir, cleanup } = tempDir('rootline-e2e-'));
  }, 180_000);
  afterEach(async () => {
    for (const child of children.splice(0)) await stop(child);
  });
  afterAll(() => cleanup?.());

  it('prints the package version', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const run = cli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('loads the demo, walks its lineage and verifies the chain', () => {
    const db = join(dir, 'demo.db');
    expect(cli(['demo', '--db', db]).status).toBe(0);
    const lineage = cli(['lineage', FEATURES, '--upstream', '--json', '--db', db]);
    expect(lineage.status).toBe(0);
    expect(JSON.parse(lineage.stdout).nodes.length).toBeGreaterThan(10);
    const verify = cli(['verify', '--db', db]);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/event log intact/);
  });

  it('ingests NDJSON from standard input and exits 2 without a stack trace for a bad node id', () => {
    const db = join(dir, 'stdin.db');
    const ingest = cli(['ingest', 'openlineage', '-', '--db', db], `${JSON.stringify(runEvent())}\n`);
    expect(ingest.status).toBe(0);
    expect(ingest.stdout).toMatch(/accepted\s+1/);
    const bad = cli(['lineage', 'table:orders', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: node id 'table:orders' has an unknown kind/);
    expect(bad.stderr).not.toMatch(/\s+at .*\.js:\d+/);
  });

  it('serves the API: the banner names the endpoints and the pasted curl event is accepted', async () => {
    const db = join(dir, 'serve.db');
    const server = await startUntil([BIN, 'serve', '--port', '0', '--db', db], dir, /Press Ctrl\+C to stop/);
    children.push(server.child);
    const banner = server.output();
    const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    expect(address).toBeDefined();
    expect(banner).toContain(`API docs  ${address}/api/docs`);
    expect(banner).toContain(`MCP       ${address}/mcp`);
    expect(banner).toContain(`Database  ${db} (SQLite)`);
    const body = /-d '(.*)'\n/.exec(banner)?.[1] ?? '';
    const posted = await fetch(`${address}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(posted.status).toBe(201);
    const jobs = await (await fetch(`${address}/api/v1/namespaces/quickstart/jobs`)).json();
    expect(JSON.stringify(jobs)).toContain('load_daily_orders');
    expect(await stop(server.child)).toBe(0);
  });

  it('npm start creates .rootline/rootline.db, loads the demo on first start only, and serves', async () => {
    const first = await startUntil([join(ROOT, 'scripts', 'start.js'), '--port', '0'], dir, /Press Ctrl\+C to stop/);
    children.push(first.child);
    expect(first.output()).toMatch(/Demo\s+loaded \([\d,]+ records over 5 simulated days\)/);
    expect(first.output()).toContain('Database  .rootline/rootline.db (SQLite)');
    expect(existsSync(join(dir, '.rootline', 'rootline.db'))).toBe(true);
    const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first.output())?.[1];
    const lineage = await fetch(`${address}/api/v2/lineage?node=${encodeURIComponent(FEATURES)}&direction=upstream`);
    expect(lineage.status).toBe(200);
    await stop(first.child);

    const second = await startUntil([join(ROOT, 'scripts', 'start.js'), '--port', '0'], dir, /Press Ctrl\+C to stop/);
    children.push(second.child);
    expect(second.output()).toMatch(/Demo\s+not loaded: the database already holds [\d,]+ events/);
  });
});
