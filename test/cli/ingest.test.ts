import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rootline, runEvent, tempDir } from '../helpers/cli.js';

const ownerWithoutName = runEvent({
  run: { runId: '7d2b1c3a-0e4f-4a5b-8c6d-7e8f9a0b1c2d' },
  outputs: [
    {
      namespace: 'postgres://db:5432',
      name: 'shop.analytics.daily_orders',
      facets: {
        ownership: {
          _producer: 'https://example.com/test',
          _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/OwnershipDatasetFacet.json',
          owners: [{ type: 'MAINTAINER' }],
        },
      },
    },
  ],
});

const lines = [
  JSON.stringify(runEvent()),
  '',
  JSON.stringify(runEvent({ eventTime: 'yesterday', run: { runId: '11111111-2222-4333-8444-555555555555' } })),
  JSON.stringify(runEvent()),
  JSON.stringify(runEvent({ run: { runId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } })),
  JSON.stringify(ownerWithoutName),
];

describe('rootline ingest openlineage', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  let file: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'rootline.db');
    file = join(dir, 'events.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
  });
  afterEach(() => cleanup());

  it('summarises accepted, duplicate and rejected events with the line of each problem, and exits 1', async () => {
    const run = await rootline(['ingest', 'openlineage', file, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`5 events from ${file} into ${db}`);
    expect(run.stdout).toMatch(/accepted\s+3\n/);
    expect(run.stdout).toMatch(/duplicate\s+1\n/);
    expect(run.stdout).toMatch(/rejected\s+1\n/);
    expect(run.stdout).toMatch(/rejected line 3: eventTime/);
    expect(run.stdout).toMatch(/warning line 6: .*ownership/);
  });

  it('prints a JSON summary whose problems carry their line numbers', async () => {
    const run = await rootline(['ingest', 'openlineage', file, '--db', db, '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      source: file,
      target: db,
      total: 5,
      accepted: 3,
      duplicate: 1,
      rejected: 1,
      warned: 1,
    });
    const rejected = summary.problems.find((p: { status: string }) => p.status === 'rejected');
    expect(rejected).toMatchObject({ index: 1, line: 3, status: 'rejected' });
    expect(rejected.errors[0].path).toContain('eventTime');
    const warned = summary.problems.find((p: { status: string }) => p.status === 'accepted');
    expect(warned.line).toBe(6);
    expect(warned.warnings[0].path).toContain('ownership');
  });

  it('reports everything as a duplicate on a second run and exits 0 once nothing is rejected', async () => {
    const clean = join(dir, 'clean.json');
    writeFileSync(
      clean,
      JSON.stringify([runEvent(), runEvent({ run: { runId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } })], null, 2),
    );
    expect((await rootline(['ingest', 'openlineage', clean, '--db', db])).code).toBe(0);
    const again = await rootline(['ingest', 'openlineage', clean, '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 2, accepted: 0, duplicate: 2, rejected: 0, problems: [] });
  });

  it('rejects an event with a broken standard facet in strict mode', async () => {
    const single = join(dir, 'single.json');
    writeFileSync(single, JSON.stringify(ownerWithoutName));
    const lenient = await rootline(['ingest', 'openlineage', single, '--db', join(dir, 'a.db'), '--json']);
    expect(JSON.parse(lenient.stdout)).toMatchObject({ accepted: 1, rejected: 0, warned: 1 });
    const strict = await rootline(['ingest', 'openlineage', single, '--db', join(dir, 'b.db'), '--strict', '--json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it('reads events from standard input when the file is -', async () => {
    const run = await rootline(['ingest', 'openlineage', '-', '--db', db], { stdin: JSON.stringify(runEvent()) });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 event from standard input');
    expect(run.stdout).toMatch(/accepted\s+1\n/);
  });

  it('exits 2 naming the line when the input is not JSON, and stores nothing', async () => {
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, `${JSON.stringify(runEvent())}\n{"eventType": "START",\n`);
    const run = await rootline(['ingest', 'openlineage', broken, '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: malformed JSON at line 2/);
    expect(run.stderr).not.toMatch(/\n\s+at .*\.ts:\d+/);
    // The input is read before the database is opened: nothing was even created.
    expect(existsSync(db)).toBe(false);
  });

  it('names every problem of structurally invalid events and stores none of them', async () => {
    const { run: _missing, ...noRun } = runEvent();
    const events = [noRun, runEvent({ eventType: 'EXPLODE' }), runEvent({ inputs: 'orders' }), [1, 2]];
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, events.map((event) => JSON.stringify(event)).join('\n'));
    const run = await rootline(['ingest', 'openlineage', bad, '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/accepted\s+0\n/);
    expect(run.stdout).toMatch(/rejected\s+4\n/);
    expect(run.stdout).toContain('rejected line 1: run: is required');
    expect(run.stdout).toContain(
      'rejected line 2: eventType: must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER',
    );
    expect(run.stdout).toContain('rejected line 3: inputs: expected array');
    expect(run.stdout).toContain('rejected line 4: (event): an event must be a JSON object');
    const verify = await rootline(['verify', '--db', db, '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: 0 });
  });

  it('exits 2 when the file does not exist', async () => {
    const run = await rootline(['ingest', 'openlineage', join(dir, 'missing.json'), '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot read '");
    expect(run.stderr).toContain('no such file');
  });

  it('draws a progress bar on stderr only when attached to a terminal', async () => {
    const quiet = await rootline(['ingest', 'openlineage', file, '--db', db]);
    expect(quiet.stderr).toBe('');
    const tty = await rootline(['ingest', 'openlineage', file, '--db', join(dir, 'tty.db')], { isTTY: true });
    expect(tty.stderr).toMatch(/ingesting .* 5\/5 \(100%, [\d,]+\/s\)/);
  });
});
