import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/main.js';
import { openStore } from '../../src/store/open-store.js';
import { rootline, tempDir } from '../helpers/cli.js';
import { DBT_FIXTURES } from '../helpers/dbt-fixtures.js';

const POSTGRES = join(DBT_FIXTURES, 'jaffle_shop-postgres-dbt1.3.1');

describe('rootline ingest dbt', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  let project: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'rootline.db');
    project = join(dir, 'jaffle_shop');
    mkdirSync(join(project, 'target'), { recursive: true });
    for (const file of ['manifest.json', 'run_results.json']) {
      copyFileSync(join(POSTGRES, file), join(project, 'target', file));
    }
    copyFileSync(join(POSTGRES, 'dbt_project.yml'), join(project, 'dbt_project.yml'));
    copyFileSync(join(DBT_FIXTURES, 'profiles', 'postgres.yml'), join(project, 'profiles.yml'));
  });
  afterEach(() => cleanup());

  it('ingests a target folder, finding profiles.yml and the profile as dbt does', async () => {
    const run = await rootline(['ingest', 'dbt', join(project, 'target'), '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dbt project jaffle_shop (postgres, manifest v7)');
    expect(run.stdout).toContain('namespace  postgres://POSTGRES_HOST:1234');
    expect(run.stdout).toContain('8 datasets');
    expect(run.stdout).toContain('20 assertions');
    const again = await rootline(['ingest', 'dbt', join(project, 'target'), '--db', db, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'duplicate', summary: { project: 'jaffle_shop' } });
  });

  it('takes explicit files, a namespace and a job namespace from the environment', async () => {
    const run = await rootline(
      [
        'ingest',
        'dbt',
        '--manifest',
        join(project, 'target', 'manifest.json'),
        '--namespace',
        'postgres://db:5432',
        '--db',
        db,
        '--json',
      ],
      { env: { OPENLINEAGE_NAMESPACE: 'dbt-prod' } },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ namespace: 'postgres://db:5432', jobNamespace: 'dbt-prod' });
  });

  it('exits 2 naming a truncated manifest', async () => {
    const file = join(dir, 'manifest.json');
    writeFileSync(file, '{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v7.json"');
    const run = await rootline(['ingest', 'dbt', '--manifest', file, '--namespace', 'postgres://db:5432', '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} is truncated (it ends mid-document)`);
  });

  it('exits 2 asking for a namespace when no profiles.yml is found', async () => {
    const run = await rootline(['ingest', 'dbt', '--manifest', join(POSTGRES, 'manifest.json'), '--db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --profiles-dir (with --target) or --namespace');
  });

  it('draws a progress bar on a terminal', async () => {
    const run = await rootline(['ingest', 'dbt', join(project, 'target'), '--db', db], { isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('mapping');
    expect(run.stderr).toContain('8/8');
    expect(run.stderr).toContain('recording 8 models in one transaction');
  });

  it('sends the artifacts to a running server, resolving the namespace from the local profiles.yml', async () => {
    const server = await startServer({ store: await openStore({ db: ':memory:' }), port: 0, handleSignals: false });
    try {
      const run = await rootline(['ingest', 'dbt', join(project, 'target'), '--server', server.address, '--json'], {
        env: { POSTGRES_HOST: 'pg.internal' },
      });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toMatchObject({
        status: 'accepted',
        namespace: 'postgres://pg.internal:1234',
        summary: { datasets: 8, jobs: 8 },
      });
    } finally {
      await server.close();
    }
  });
});
