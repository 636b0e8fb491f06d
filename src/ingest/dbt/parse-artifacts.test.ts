import { describe, expect, it } from 'vitest';
import { loadDbtProject, readDbtJson } from '../../../test/helpers/dbt-fixtures.js';
import { InputError } from '../../model/errors.js';
import { parseArtifactText, parseDbtArtifacts } from './parse-artifacts.js';

function manifestWithVersion(version: string): unknown {
  const manifest = structuredClone(loadDbtProject('postgres').manifest) as { metadata: Record<string, unknown> };
  manifest.metadata.dbt_schema_version = `https://schemas.getdbt.com/dbt/manifest/${version}.json`;
  return manifest;
}

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseDbtArtifacts', () => {
  it.each([
    ['dbt-core-artifact-schema-versions', 'manifest_v7.json', 7],
    ['dbt-core-artifact-schema-versions', 'manifest_v8.json', 8],
    ['dbt-core-artifact-schema-versions', 'manifest_v9.json', 9],
    ['dbt-core-artifact-schema-versions', 'manifest_v10.json', 10],
    ['dbt-core-artifact-schema-versions', 'manifest_v11.json', 11],
    ['dbt-core-artifact-schema-versions', 'manifest_v12.json', 12],
    ['jaffle_shop-spark-dbt1.0.0', 'manifest.json', 4],
  ])('reads %s/%s as manifest v%i', (dir, file, version) => {
    const artifacts = parseDbtArtifacts({ manifest: readDbtJson(dir, file) });
    expect(artifacts.versions.manifest).toBe(version);
  });

  it.each(['run_results_v4.json', 'run_results_v5.json', 'run_results_v6.json'])('reads run results %s', (file) => {
    const manifest = readDbtJson('dbt-core-artifact-schema-versions', 'manifest_v12.json');
    const runResults = readDbtJson('dbt-core-artifact-schema-versions', file);
    const artifacts = parseDbtArtifacts({ manifest, runResults });
    expect(artifacts.runResults?.results.length).toBeGreaterThan(0);
  });

  it('reads a catalog v1 beside its manifest', () => {
    const artifacts = parseDbtArtifacts(loadDbtProject('spark'));
    expect(artifacts.versions.catalog).toBe(1);
    expect(Object.keys(artifacts.catalog?.nodes ?? {})).toContain('model.jaffle_shop.orders');
  });

  it('names the manifest version it does not read', () => {
    const error = errorOf(() => parseDbtArtifacts({ manifest: manifestWithVersion('v3') }));
    expect(error.message).toBe('dbt manifest schema v3 is not supported; Rootline reads v4 to v12');
    expect(error.path).toBe('manifest.metadata.dbt_schema_version');
    expect(errorOf(() => parseDbtArtifacts({ manifest: manifestWithVersion('v13') })).message).toBe(
      'dbt manifest schema v13 is not supported; Rootline reads v4 to v12',
    );
  });

  it('names the run_results version it does not read', () => {
    const runResults = structuredClone(readDbtJson('dbt-core-artifact-schema-versions', 'run_results_v6.json')) as {
      metadata: Record<string, unknown>;
    };
    runResults.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/run-results/v3.json';
    const manifest = readDbtJson('dbt-core-artifact-schema-versions', 'manifest_v12.json');
    expect(errorOf(() => parseDbtArtifacts({ manifest, runResults })).message).toBe(
      'dbt run_results schema v3 is not supported; Rootline reads v4 to v6',
    );
  });

  it('says which artifact it got when a catalog is passed as the manifest', () => {
    const error = errorOf(() => parseDbtArtifacts({ manifest: loadDbtProject('spark').catalog }));
    expect(error.message).toBe('manifest is a dbt catalog artifact (v1), not a manifest');
  });

  it('rejects a catalog from another project', () => {
    const error = errorOf(() =>
      parseDbtArtifacts({ manifest: loadDbtProject('postgres').manifest, catalog: loadDbtProject('dbtCloud').catalog }),
    );
    expect(error.message).toMatch(/^catalog and manifest come from different projects/);
    expect(error.message).toContain("project 'jaffle_shop'");
  });

  it('rejects run results from another project', () => {
    const error = errorOf(() =>
      parseDbtArtifacts({
        manifest: loadDbtProject('dbtCloud').manifest,
        runResults: loadDbtProject('spark').runResults,
      }),
    );
    expect(error.message).toMatch(/^run_results and manifest come from different projects/);
  });

  it('reports the path of a field with the wrong type', () => {
    const manifest = structuredClone(loadDbtProject('postgres').manifest) as {
      nodes: Record<string, { name: unknown }>;
    };
    const node = manifest.nodes['model.jaffle_shop.orders'];
    if (node) node.name = 42;
    const error = errorOf(() => parseDbtArtifacts({ manifest }));
    expect(error.path).toBe('manifest.nodes.model.jaffle_shop.orders.name');
  });

  it('rejects a document without dbt metadata', () => {
    expect(errorOf(() => parseDbtArtifacts({ manifest: { nodes: {} } })).message).toMatch(
      /^manifest is not a dbt manifest artifact: it has no metadata.dbt_schema_version/,
    );
  });
});

describe('parseArtifactText', () => {
  it('calls a file cut short truncated', () => {
    const error = errorOf(() => parseArtifactText('{"metadata": {"dbt_schema_version": "x"', 'manifest.json'));
    expect(error.message).toMatch(/^manifest.json is truncated \(it ends mid-document\)/);
  });

  it('calls other text not JSON', () => {
    expect(errorOf(() => parseArtifactText('<html>nope</html>', 'manifest.json')).message).toMatch(
      /^manifest.json is not JSON/,
    );
    expect(errorOf(() => parseArtifactText('  ', 'catalog.json')).message).toMatch(/^catalog.json is empty/);
  });
});
