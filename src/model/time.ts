import { InputError } from './errors.js';

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Parses `90s`, `15m`, `12h`, `7d`, `2w` into milliseconds. */
export function parseDuration(text: string, path = 'duration'): number {
  const match = DURATION.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new InputError(`'${text}' is not a duration; use a number followed by s, m, h, d or w (e.g. 7d)`, { path });
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/**
 * Parses an ISO-8601 time into its canonical UTC form (`2026-10-02T06:00:00.000Z`). Canonical
 * strings compare correctly as strings, which the stores rely on for validity intervals.
 */
export function parseTime(text: string, path = 'time'): string {
  const ms = Date.parse(text);
  if (typeof text !== 'string' || text.length > 64 || Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new InputError(`'${String(text).slice(0, 64)}' is not an ISO-8601 time (e.g. 2026-10-02T06:00:00Z)`, {
      path,
    });
  }
  return new Date(ms).toISOString();
}

/** Parses an absolute ISO time or a relative window (`7d` meaning seven days before `now`). */
export function parseTimeOrAgo(text: string, path = 'time', now: Date = new Date()): string {
  if (DURATION.test(text.trim())) return new Date(now.getTime() - parseDuration(text, path)).toISOString();
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new InputError(
      `'${String(text).slice(0, 64)}' is neither an ISO-8601 time nor a window; use e.g. 2026-10-02T06:00:00Z, or a number followed by s, m, h, d or w (7d, 12h)`,
      { path },
    );
  }
  return parseTime(text, path);
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** How many of a dataset's newest versions its usual interval is measured over. */
export const USUAL_INTERVAL_VERSIONS = 30;
/** A dataset is stale when its newest version is older than this many times its usual interval. */
export const STALE_AFTER_INTERVALS = 3;

/** The median gap between consecutive times (ISO or epoch ms, in any order), or null with fewer than three. */
export function usualInterval(times: ArrayLike<string | number>): number | null {
  if (times.length < 3) return null;
  const sorted = Float64Array.from(times, (time) => (typeof time === 'number' ? time : Date.parse(time))).sort();
  const gaps = new Float64Array(sorted.length - 1);
  for (let i = 0; i < gaps.length; i++) gaps[i] = (sorted[i + 1] as number) - (sorted[i] as number);
  return gaps.sort()[Math.floor(gaps.length / 2)] ?? null;
}
