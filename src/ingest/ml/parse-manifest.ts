import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputIssue } from '../../model/errors.js';
import { type Manifest, manifestSchema } from './manifest-schema.js';

/** Formats a zod path as the document path users see: `trainingSets[0].features[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Turns zod issues into an {@link InputError} whose issues carry document paths. */
export function zodInputError(what: string, issues: readonly z.core.$ZodIssue[], prefix = ''): InputError {
  const list: InputIssue[] = issues.map((issue) => {
    const path = formatPath(issue.path);
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: issue.message };
  });
  const first = list[0];
  const head = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid';
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
  return new InputError(`${what}: ${head}${more}`, { path: first?.path, issues: list });
}

/** Reads a manifest from YAML or JSON text. */
export function readManifestText(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(`manifest is neither valid YAML nor JSON: ${(error as Error).message}`, {
      path: '',
      cause: error,
    });
  }
}

/** Validates a manifest document (already parsed from YAML or JSON). */
export function parseManifest(document: unknown): Manifest {
  if (document === null || document === undefined || typeof document !== 'object' || Array.isArray(document)) {
    throw new InputError(
      'manifest must be an object with featureViews, trainingSets, models, deployments or datasets',
      {
        path: '',
      },
    );
  }
  const result = manifestSchema.safeParse(document);
  if (!result.success) throw zodInputError('invalid manifest', result.error.issues);
  return result.data;
}
