import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import { parseDuration } from '../../model/time.js';
import type { RetentionCutoffs } from '../../store/store.js';

/** The config file read from the working directory (or ROOTLINE_CONFIG). */
export const CONFIG_FILE = 'rootline.config.yaml';

/** How long each kind of history is kept, in milliseconds (null: forever), and how often to prune. */
export interface RetentionPolicy {
  runs: number | null;
  predictions: number | null;
  events: number | null;
  /** Interval of the server's scheduled pruning; null: only on demand. */
  schedule: number | null;
}

const duration = z.string().or(z.number().transform(String));
const configSchema = z.object({
  retention: z
    .object({
      runs: duration.optional(),
      predictions: duration.optional(),
      events: duration.optional(),
      schedule: duration.optional(),
    })
    .strict()
    .optional(),
});

const ENV_KEYS = {
  runs: 'ROOTLINE_RETENTION_RUNS',
  predictions: 'ROOTLINE_RETENTION_PREDICTIONS',
  events: 'ROOTLINE_RETENTION_EVENTS',
  schedule: 'ROOTLINE_RETENTION_SCHEDULE',
} as const;

/**
 * Reads the retention policy: `retention:` in `rootline.config.yaml` (or the file ROOTLINE_CONFIG
 * names), each entry overridable by ROOTLINE_RETENTION_RUNS / _PREDICTIONS / _EVENTS / _SCHEDULE.
 * Durations are `90d`, `12h`, `4w`; `off` or an absent entry keeps that history forever.
 */
export function loadRetentionPolicy(env: Record<string, string | undefined>, cwd = process.cwd()): RetentionPolicy {
  const file = env.ROOTLINE_CONFIG ? resolve(cwd, env.ROOTLINE_CONFIG) : resolve(cwd, CONFIG_FILE);
  let fromFile: Record<string, string | undefined> = {};
  if (existsSync(file)) {
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new InputError(`${file} is not valid YAML: ${(error as Error).message}`, { path: file, cause: error });
    }
    const parsed = configSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`, { path: file });
    }
    fromFile = parsed.data.retention ?? {};
  } else if (env.ROOTLINE_CONFIG) {
    throw new InputError(`ROOTLINE_CONFIG names ${file}, which does not exist`, { path: 'ROOTLINE_CONFIG' });
  }
  const pick = (key: keyof typeof ENV_KEYS): number | null => {
    const envValue = env[ENV_KEYS[key]];
    const text = envValue !== undefined && envValue !== '' ? envValue : fromFile[key];
    if (text === undefined || text === 'off') return null;
    return parseDuration(text, envValue ? ENV_KEYS[key] : `retention.${key}`);
  };
  return { runs: pick('runs'), predictions: pick('predictions'), events: pick('events'), schedule: pick('schedule') };
}

/** The cutoff times a policy gives at `now`. */
export function cutoffsOf(policy: RetentionPolicy, now: Date = new Date()): RetentionCutoffs {
  const before = (ms: number | null) => (ms === null ? undefined : new Date(now.getTime() - ms).toISOString());
  const runsBefore = before(policy.runs);
  const predictionsBefore = before(policy.predictions);
  const eventsBefore = before(policy.events);
  return {
    ...(runsBefore ? { runsBefore } : {}),
    ...(predictionsBefore ? { predictionsBefore } : {}),
    ...(eventsBefore ? { eventsBefore } : {}),
  };
}
