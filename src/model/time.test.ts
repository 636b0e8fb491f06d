import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { parseDuration, parseTime, parseTimeOrAgo } from './time.js';

describe('time parsing', () => {
  it.each([
    ['2026-10-02T06:00:00Z', '2026-10-02T06:00:00.000Z'],
    ['2026-10-02T08:00:00+02:00', '2026-10-02T06:00:00.000Z'],
    ['2026-10-02T06:00:00.123456Z', '2026-10-02T06:00:00.123Z'],
    ['2026-10-02', '2026-10-02T00:00:00.000Z'],
  ])('canonicalises %s to %s', (input, expected) => {
    expect(parseTime(input)).toBe(expected);
  });

  it('produces strings that compare in time order', () => {
    const early = parseTime('2026-10-02T08:00:00+02:00');
    const late = parseTime('2026-10-02T06:30:00Z');
    expect(early < late).toBe(true);
  });

  it.each(['yesterday', '', '02/10/2026', 'x'.repeat(100)])(
    'rejects %j with an InputError on the given path',
    (input) => {
      expect(() => parseTime(input, 'asOf')).toThrow(InputError);
      try {
        parseTime(input, 'asOf');
      } catch (error) {
        expect((error as InputError).path).toBe('asOf');
      }
    },
  );

  it('parses durations in seconds, minutes, hours, days and weeks', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('12h')).toBe(43_200_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
    expect(() => parseDuration('7 days')).toThrow(/not a duration/);
  });

  it('reads a relative window as a time before now, and an absolute time as itself', () => {
    const now = new Date('2026-10-09T00:00:00.000Z');
    expect(parseTimeOrAgo('7d', 'since', now)).toBe('2026-10-02T00:00:00.000Z');
    expect(parseTimeOrAgo('2026-01-01T00:00:00Z', 'since', now)).toBe('2026-01-01T00:00:00.000Z');
  });
});
