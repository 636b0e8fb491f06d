import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseArtifactText, type RawDbtArtifacts } from '../../ingest/dbt/parse-artifacts.js';
import { InputError } from '../../model/errors.js';

export interface DbtFileOptions {
  manifest?: string | undefined;
  catalog?: string | undefined;
  runResults?: string | undefined;
  profilesDir?: string | undefined;
  profile?: string | undefined;
}

export interface DbtFiles {
  artifacts: RawDbtArtifacts;
  /** The files read, for the summary. */
  read: string[];
  /** profiles.yml text, when one was found. */
  profiles: string | null;
  /** The profile name from dbt_project.yml beside the target folder, when there is one. */
  profile: string | undefined;
}

/**
 * Finds and reads the artifacts of one dbt invocation: a `target/` folder (manifest.json, and
 * catalog.json and run_results.json when present) or explicit files, plus profiles.yml as dbt
 * finds it (`--profiles-dir`, `DBT_PROFILES_DIR`, the project folder, `~/.dbt`).
 */
export async function readDbtFiles(
  path: string | undefined,
  options: DbtFileOptions,
  env: Record<string, string | undefined>,
  needProfiles: boolean,
): Promise<DbtFiles> {
  const folder = path !== undefined && isDirectory(path) ? path : undefined;
  if (path !== undefined && folder === undefined && options.manifest !== undefined) {
    throw new InputError(`give either a target folder or --manifest, not both ('${path}' is a file)`, { path: 'path' });
  }
  const manifestPath = options.manifest ?? (folder ? join(folder, 'manifest.json') : path);
  if (manifestPath === undefined) {
    throw new InputError('give a dbt target/ folder or --manifest FILE', { path: 'path' });
  }
  const optional = (explicit: string | undefined, name: string): string | undefined =>
    explicit ?? (folder && existsSync(join(folder, name)) ? join(folder, name) : undefined);
  const catalogPath = optional(options.catalog, 'catalog.json');
  const runResultsPath = optional(options.runResults, 'run_results.json');
  const read = [manifestPath, ...(catalogPath ? [catalogPath] : []), ...(runResultsPath ? [runResultsPath] : [])];
  const artifacts: RawDbtArtifacts = {
    manifest: await readJson(manifestPath, '--manifest'),
    ...(catalogPath ? { catalog: await readJson(catalogPath, '--catalog') } : {}),
    ...(runResultsPath ? { runResults: await readJson(runResultsPath, '--run-results') } : {}),
  };
  const projectDir = folder && basename(folder) === 'target' ? dirname(folder) : (folder ?? dirname(manifestPath));
  const profile = options.profile ?? (await readProjectProfile(projectDir));
  const profiles = needProfiles ? await readProfilesYaml(options.profilesDir, env, projectDir) : null;
  return { artifacts, read, profiles, profile };
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

async function readText(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new InputError(`cannot read '${path}': ${reason}`, { path: flag, cause: error });
  }
}

async function readJson(path: string, flag: string): Promise<unknown> {
  return parseArtifactText(await readText(path, flag), path);
}

async function readProjectProfile(projectDir: string): Promise<string | undefined> {
  const file = join(projectDir, 'dbt_project.yml');
  if (!existsSync(file)) return undefined;
  const project: unknown = parseYaml(await readText(file, 'dbt_project.yml'));
  const profile =
    project !== null && typeof project === 'object' ? (project as { profile?: unknown }).profile : undefined;
  return typeof profile === 'string' ? profile : undefined;
}

async function readProfilesYaml(
  profilesDir: string | undefined,
  env: Record<string, string | undefined>,
  projectDir: string,
): Promise<string | null> {
  if (profilesDir !== undefined) return readText(join(profilesDir, 'profiles.yml'), '--profiles-dir');
  const candidates = [env.DBT_PROFILES_DIR, projectDir, env.HOME ? join(env.HOME, '.dbt') : undefined].filter(
    (dir): dir is string => typeof dir === 'string' && dir.length > 0,
  );
  for (const dir of candidates) {
    const file = join(dir, 'profiles.yml');
    if (existsSync(file)) return readText(file, '--profiles-dir');
  }
  return null;
}
