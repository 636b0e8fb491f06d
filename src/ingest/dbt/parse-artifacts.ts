import type { z } from 'zod';
import { InputError, type InputIssue } from '../../model/errors.js';
import { type DbtCatalog, dbtCatalogSchema } from './catalog-schema.js';
import { type DbtManifest, dbtManifestSchema } from './manifest-schema.js';
import { type DbtRunResults, dbtRunResultsSchema } from './run-results-schema.js';

/** The dbt artifacts of one invocation, validated. */
export interface DbtArtifacts {
  manifest: DbtManifest;
  catalog: DbtCatalog | null;
  runResults: DbtRunResults | null;
  /** Schema version numbers, e.g. `{ manifest: 12, catalog: 1, runResults: 6 }`. */
  versions: { manifest: number; catalog: number | null; runResults: number | null };
}

export interface RawDbtArtifacts {
  manifest: unknown;
  catalog?: unknown;
  runResults?: unknown;
}

type ArtifactKind = 'manifest' | 'catalog' | 'run-results';

const SUPPORTED: Record<ArtifactKind, { min: number; max: number; label: string }> = {
  manifest: { min: 4, max: 12, label: 'manifest' },
  catalog: { min: 1, max: 1, label: 'catalog' },
  'run-results': { min: 4, max: 6, label: 'run_results' },
};

const SCHEMA_VERSION = /\/dbt\/([a-z-]+)\/v(\d+)\.json$/;

/**
 * Parses an artifact file's text as JSON. A file cut short (an interrupted copy, a full disk)
 * is named as truncated, since that is the usual cause and the fix differs from "not JSON".
 */
export function parseArtifactText(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const trimmed = text.trimEnd();
    const truncated = trimmed.length > 0 && /^[[{]/.test(trimmed.trimStart()) && !/[\]}]$/.test(trimmed);
    const what = trimmed.length === 0 ? 'is empty' : truncated ? 'is truncated (it ends mid-document)' : 'is not JSON';
    throw new InputError(`${label} ${what}: ${reason}`, { path: label, cause: error });
  }
}

/**
 * Validates the artifacts of one dbt invocation: each must carry a supported
 * `metadata.dbt_schema_version`, hold the fields Rootline reads, and come from the same project
 * as the manifest. Throws {@link InputError} naming the artifact and the version otherwise.
 */
export function parseDbtArtifacts(raw: RawDbtArtifacts): DbtArtifacts {
  const manifestVersion = checkVersion(raw.manifest, 'manifest', 'manifest');
  const manifest = validate(dbtManifestSchema, raw.manifest, 'manifest');
  let catalog: DbtCatalog | null = null;
  let catalogVersion: number | null = null;
  if (raw.catalog !== undefined && raw.catalog !== null) {
    catalogVersion = checkVersion(raw.catalog, 'catalog', 'catalog');
    catalog = validate(dbtCatalogSchema, raw.catalog, 'catalog');
    checkSameProject(manifest, [...Object.keys(catalog.nodes), ...Object.keys(catalog.sources)], 'catalog');
  }
  let runResults: DbtRunResults | null = null;
  let runResultsVersion: number | null = null;
  if (raw.runResults !== undefined && raw.runResults !== null) {
    runResultsVersion = checkVersion(raw.runResults, 'run-results', 'runResults');
    runResults = validate(dbtRunResultsSchema, raw.runResults, 'runResults');
    checkSameProject(
      manifest,
      runResults.results.map((result) => result.unique_id),
      'run_results',
    );
  }
  return {
    manifest,
    catalog,
    runResults,
    versions: { manifest: manifestVersion, catalog: catalogVersion, runResults: runResultsVersion },
  };
}

function checkVersion(value: unknown, expected: ArtifactKind, path: string): number {
  const { label, min, max } = SUPPORTED[expected];
  const schemaVersion = readSchemaVersion(value);
  if (schemaVersion === null) {
    throw new InputError(
      `${path} is not a dbt ${label} artifact: it has no metadata.dbt_schema_version (expected e.g. https://schemas.getdbt.com/dbt/${expected}/v${max}.json)`,
      { path: `${path}.metadata.dbt_schema_version` },
    );
  }
  const match = SCHEMA_VERSION.exec(schemaVersion);
  if (!match?.[1] || !match[2]) {
    throw new InputError(`${path} has an unrecognised dbt_schema_version '${schemaVersion.slice(0, 120)}'`, {
      path: `${path}.metadata.dbt_schema_version`,
    });
  }
  const kind = match[1];
  const version = Number(match[2]);
  if (kind !== expected) {
    throw new InputError(`${path} is a dbt ${kind} artifact (v${version}), not a ${label}`, {
      path: `${path}.metadata.dbt_schema_version`,
    });
  }
  if (version < min || version > max) {
    const range = min === max ? `v${min}` : `v${min} to v${max}`;
    throw new InputError(`dbt ${label} schema v${version} is not supported; Rootline reads ${range}`, {
      path: `${path}.metadata.dbt_schema_version`,
    });
  }
  return version;
}

function readSchemaVersion(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const metadata = (value as { metadata?: unknown }).metadata;
  if (metadata === null || typeof metadata !== 'object') return null;
  const version = (metadata as { dbt_schema_version?: unknown }).dbt_schema_version;
  return typeof version === 'string' ? version : null;
}

function validate<S extends z.ZodType>(schema: S, value: unknown, path: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: [path, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  throw new InputError(
    `${path} does not have the shape of a dbt artifact${first ? `: ${first.path}: ${first.message}` : ''}`,
    { path: first?.path ?? path, issues },
  );
}

/**
 * A catalog or run_results from another project shares none of its unique ids with the
 * manifest. One or two unknown ids are reported per node later; none in common is an error.
 */
function checkSameProject(manifest: DbtManifest, ids: readonly string[], label: string): void {
  const known = ids.filter((id) => id.length > 0);
  if (known.length === 0) return;
  const inManifest = known.filter((id) => id in manifest.nodes || id in manifest.sources).length;
  if (inManifest > 0) return;
  const project = projectNameOf(manifest);
  throw new InputError(
    `${label} and manifest come from different projects: none of the ${known.length} nodes in ${label} (e.g. ${known[0]}) is in the manifest of project '${project}'`,
    { path: label },
  );
}

/** The dbt project's name: `metadata.project_name`, else the package most nodes belong to. */
export function projectNameOf(manifest: DbtManifest): string {
  if (manifest.metadata.project_name) return manifest.metadata.project_name;
  const counts = new Map<string, number>();
  for (const node of Object.values(manifest.nodes)) {
    const pkg = node.package_name ?? node.unique_id.split('.')[1] ?? '';
    if (pkg) counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
  }
  let best = 'dbt';
  let bestCount = 0;
  for (const [pkg, count] of [...counts.entries()].sort()) {
    if (count > bestCount) {
      best = pkg;
      bestCount = count;
    }
  }
  return best;
}
