import { parse as parseYaml } from 'yaml';
import { InputError } from '../../model/errors.js';
import type { ProfileOutput } from './naming.js';

export interface ProfileSelection {
  /** The profile name (dbt_project.yml `profile:`); optional when profiles.yml holds one profile. */
  profile?: string | undefined;
  /** The target (`--target`); defaults to the profile's `target:`. */
  target?: string | undefined;
  /** Values for `{{ env_var('NAME') }}`; absent names without a default are an error. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Picks one output of a dbt `profiles.yml` (given as YAML text or an already parsed object) the
 * way dbt does: the named profile, then `--target` or the profile's default target. String values
 * are rendered for `env_var('NAME'[, 'default'])`, the one piece of Jinja profiles commonly hold.
 */
export function selectProfileOutput(profiles: unknown, selection: ProfileSelection = {}): ProfileOutput {
  const document = typeof profiles === 'string' ? parseProfilesYaml(profiles) : profiles;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError('profiles must be a YAML mapping of profile names to profiles', { path: 'profiles' });
  }
  const entries = Object.entries(document).filter(([name]) => name !== 'config');
  let profileName = selection.profile;
  if (profileName === undefined) {
    if (entries.length !== 1) {
      throw new InputError(
        `profiles.yml holds ${entries.length} profiles (${entries.map(([name]) => name).join(', ')}); name one with --profile`,
        { path: 'profiles' },
      );
    }
    profileName = entries[0]?.[0];
  }
  const profile = entries.find(([name]) => name === profileName)?.[1];
  if (profile === undefined || profile === null || typeof profile !== 'object') {
    throw new InputError(
      `profiles.yml has no profile '${profileName}' (it has ${entries.map(([name]) => name).join(', ') || 'none'})`,
      { path: `profiles.${profileName}` },
    );
  }
  const { target: defaultTarget, outputs } = profile as { target?: unknown; outputs?: unknown };
  const targetName = selection.target ?? (typeof defaultTarget === 'string' ? defaultTarget : undefined);
  if (outputs === null || typeof outputs !== 'object') {
    throw new InputError(`profile '${profileName}' has no outputs`, { path: `profiles.${profileName}.outputs` });
  }
  const output = targetName === undefined ? undefined : (outputs as Record<string, unknown>)[targetName];
  if (output === undefined || output === null || typeof output !== 'object') {
    throw new InputError(
      `profile '${profileName}' has no target '${targetName ?? '(none given)'}' (targets: ${Object.keys(outputs).join(', ')})`,
      { path: `profiles.${profileName}.outputs.${targetName ?? ''}` },
    );
  }
  const rendered: ProfileOutput = {};
  for (const [key, value] of Object.entries(output)) {
    rendered[key] =
      typeof value === 'string'
        ? renderEnvVars(value, selection.env ?? {}, `profiles.${profileName}.outputs.${targetName}.${key}`)
        : value;
  }
  return rendered;
}

function parseProfilesYaml(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new InputError(`profiles.yml is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, {
      path: 'profiles',
      cause: error,
    });
  }
}

const EXPRESSION = /\{\{\s*(.*?)\s*\}\}/g;
const ENV_VAR =
  /^env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])(.*?)\3\s*)?\)\s*(?:\|\s*(?:int|as_number|as_text|string)\s*)?$/;

function renderEnvVars(value: string, env: Readonly<Record<string, string | undefined>>, path: string): string {
  return value.replace(EXPRESSION, (_whole, expression: string) => {
    const match = ENV_VAR.exec(expression);
    if (!match?.[2]) {
      throw new InputError(`profiles.yml value '${value}' uses Jinja other than env_var(); pass --namespace instead`, {
        path,
      });
    }
    const resolved = env[match[2]] ?? match[4];
    if (resolved === undefined) {
      throw new InputError(`profiles.yml needs the environment variable ${match[2]}, which is not set`, { path });
    }
    return resolved;
  });
}
