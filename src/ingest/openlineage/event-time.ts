/**
 * RFC 3339 date-times as OpenLineage producers send them: any number of fractional digits
 * (Python sends microseconds, Java nanoseconds), `Z` or a numeric offset. A time without an offset
 * is what some 1.x clients emit; it is read as UTC and reported, because the instant it names is
 * ambiguous.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,12}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

export type EventTimeResult = { kind: 'ok'; iso: string; hasOffset: boolean } | { kind: 'invalid'; message: string };

/** Parses an OpenLineage date-time into canonical UTC ISO form (millisecond precision). */
export function parseEventTime(text: string): EventTimeResult {
  const match = DATE_TIME.exec(text);
  if (!match) {
    return {
      kind: 'invalid',
      message: `'${text.slice(0, 64)}' is not an RFC 3339 date-time (e.g. 2026-10-02T06:00:00Z)`,
    };
  }
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHour, offsetMinute] = match;
  const parts = [year, month, day, hour, minute, second].map(Number);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = parts;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) {
    return { kind: 'invalid', message: `'${text.slice(0, 64)}' is not a valid calendar date-time` };
  }
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  let epoch = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  const hasOffset = zulu !== undefined || sign !== undefined;
  if (sign !== undefined) {
    const offset = (Number(offsetHour) * 60 + Number(offsetMinute)) * 60_000;
    if (Number(offsetHour) > 23 || Number(offsetMinute) > 59) {
      return { kind: 'invalid', message: `'${text.slice(0, 64)}' has an invalid UTC offset` };
    }
    epoch += sign === '+' ? -offset : offset;
  }
  const date = new Date(epoch);
  if (Number.isNaN(date.getTime())) {
    return { kind: 'invalid', message: `'${text.slice(0, 64)}' is out of range` };
  }
  return { kind: 'ok', iso: date.toISOString(), hasOffset };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
