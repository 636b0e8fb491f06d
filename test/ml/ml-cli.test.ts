import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createApp } from '../../src/server/app.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { rootline, tempDir } from '../helpers/cli.js';
import { churnManifest, DEPLOYMENT, MV3, TS } from './churn-manifest.js';
import { col, writeChurnWarehouse } from './warehouse-lineage.js';

let dir: string;
let cleanup: () => void;
let db: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('rootline-ml-cli-'));
  db = join(dir, 'rootline.db');
  const store = SqliteStore.open({ path: db });
  await writeChurnWarehouse(store);
  await store.close();
});
afterEach(() => cleanup());

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const predictions = (ids: string[]) =>
  ids
    .map((id) =>
      JSON.stringify({
        id,
        deployment: DEPLOYMENT,
        time: '2026-10-04T12:00:00Z',
        features: { age: 41 },
        output: { churn: 0.2 },
      }),
    )
    .join('\n');

describe('rootline apply, ingest predictions, trace, leakage, reproduce', () => {
  it('applies a YAML manifest, logs predictions and traces one to its raw sources', async () => {
    const manifest = write('ml.yaml', stringify(churnManifest()));
    const applied = await rootline(['apply', '-f', manifest, '--db', db]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      'applied: 1 feature view, 1 training-set version, 1 model, 1 model version, 1 deployment',
    );

    const logged = await rootline(['ingest', 'predictions', write('p.ndjson', predictions(['p1', 'p2'])), '--db', db]);
    expect(logged.code).toBe(0);
    expect(logged.stdout).toContain('logged     2');

    const trace = await rootline(['trace', 'p1', '--db', db, '--json']);
    expect(trace.code).toBe(0);
    expect(JSON.parse(trace.stdout)).toMatchObject({
      prediction: 'p1',
      modelVersion: MV3,
      trainingSet: { id: TS, version: '3' },
      sources: [col('crm.customers', 'birth_date'), col('crm.customers', 'signup_date')],
    });
    const tree = await rootline(['trace', 'p1', '--db', db]);
    expect(tree.stdout).toContain(`└─ deployment ${DEPLOYMENT}`);
    expect(tree.stdout).toContain('age = 41');

    const leakage = await rootline(['leakage', TS, '--version', '3', '--db', db, '--json']);
    expect(JSON.parse(leakage.stdout)).toEqual({ trainingSet: TS, version: '3', findings: [] });
    const recipe = await rootline(['reproduce', MV3, '--db', db]);
    expect(recipe.code).toBe(0);
    expect(recipe.stdout).toContain('code version: 9f2c1ab');
    expect(recipe.stdout).toContain('job:snowflake://acme:build_customer_features');
  });

  it('exits 2 naming the document path of a bad manifest', async () => {
    const doc = churnManifest();
    doc.trainingSets[0]?.features.push('customer_fv2:age');
    const run = await rootline(['apply', '-f', write('bad.json', JSON.stringify(doc)), '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('trainingSets[0].features[2]: unknown feature view customer_fv2');
  });

  it('exits 1 and lists the line of each rejected prediction', async () => {
    await rootline(['apply', '-f', write('ml.json', JSON.stringify(churnManifest())), '--db', db]);
    const text = `${predictions(['ok'])}\n${JSON.stringify({ id: 'bad', deployment: 'deployment:x:y', time: '2026-10-04T12:00:00Z', features: {} })}\n`;
    const run = await rootline(['ingest', 'predictions', write('p.ndjson', text), '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('rejected line 2: [1].deployment: unknown deployment deployment:x:y');
    expect((await rootline(['trace', 'ok', '--db', db])).code).toBe(2);
  });

  it('works against a running server with --server', async () => {
    const store = SqliteStore.open({ path: db });
    const app = await createApp({ store });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(
        (await rootline(['apply', '-f', write('ml.json', JSON.stringify(churnManifest())), '--server', url])).code,
      ).toBe(0);
      expect(
        (await rootline(['ingest', 'predictions', write('p.ndjson', predictions(['s1'])), '--server', url])).code,
      ).toBe(0);
      const trace = await rootline(['trace', 's1', '--server', url, '--json']);
      expect(JSON.parse(trace.stdout).features[0]).toMatchObject({ name: 'age', value: 41 });
      const feast = await rootline(['ingest', 'feast', 'x.json', '--server', url]);
      expect(feast.code).toBe(2);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
