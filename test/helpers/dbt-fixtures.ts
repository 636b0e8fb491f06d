import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawDbtArtifacts } from '../../src/ingest/dbt/parse-artifacts.js';

export const DBT_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'dbt');

/** The six corpus projects, each with the artifact files that belong to one invocation. */
export const DBT_PROJECTS = {
  postgres: { dir: 'jaffle_shop-postgres-dbt1.3.1', manifest: 'manifest.json', runResults: 'run_results.json' },
  snowflake: { dir: 'jaffle_shop-snowflake-dbt1.8', manifest: 'manifest.json', runResults: 'run_results.json' },
  duckdb: { dir: 'jaffle_shop-duckdb-dbt1.8.9', manifest: 'manifest.json', runResults: 'run_results.json' },
  spark: {
    dir: 'jaffle_shop-spark-dbt1.0.0',
    manifest: 'manifest.json',
    catalog: 'catalog.json',
    runResults: 'run_results.json',
  },
  dbtCloud: {
    dir: 'dbt_cloud-starter_project-snowflake-dbt1.4.0a1',
    manifest: 'manifest.json',
    catalog: 'catalog.json',
    runResults: 'run_results.json',
  },
  dbtCore: {
    dir: 'dbt-core-artifact-schema-versions',
    manifest: 'manifest_v12.json',
    runResults: 'run_results_v6.json',
  },
} as const;

export type DbtProjectName = keyof typeof DBT_PROJECTS;

export function readDbtJson(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(join(DBT_FIXTURES, dir, file), 'utf8'));
}

export function loadDbtProject(name: DbtProjectName): RawDbtArtifacts {
  const project: { dir: string; manifest: string; catalog?: string; runResults?: string } = DBT_PROJECTS[name];
  return {
    manifest: readDbtJson(project.dir, project.manifest),
    ...(project.catalog ? { catalog: readDbtJson(project.dir, project.catalog) } : {}),
    ...(project.runResults ? { runResults: readDbtJson(project.dir, project.runResults) } : {}),
  };
}

export function readProfiles(name: 'postgres' | 'snowflake' | 'duckdb' | 'spark'): string {
  return readFileSync(join(DBT_FIXTURES, 'profiles', `${name}.yml`), 'utf8');
}
