import { InputError } from '../model/errors.js';
import { parseTimeOrAgo } from '../model/time.js';

/** Parses a whole number flag within bounds, naming the flag when it is not one. */
export function parseIntegerFlag(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InputError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`, { path: flag });
  }
  return value;
}

/** Parses an ISO time or a relative window (`7d` ago), naming the flag when it is neither. */
export function parseTimeFlag(text: string, flag: string, now?: Date): string {
  return parseTimeOrAgo(text, flag, now);
}
