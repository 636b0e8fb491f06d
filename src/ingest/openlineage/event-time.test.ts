import { describe, expect, it } from 'vitest';
import { parseEventTime } from './event-time.js';

describe('parseEventTime', () => {
  it('reads Z, numeric offsets and any number of fractional digits into canonical UTC', () => {
    expect(parseEventTime('2024-08-06T13:26:54.34Z')).toEqual({
      kind: 'ok',
      iso: '2024-08-06T13:26:54.340Z',
      hasOffset: true,
    });
    expect(parseEventTime('2024-11-26T13:05:34.626595+00:00')).toMatchObject({ iso: '2024-11-26T13:05:34.626Z' });
    expect(parseEventTime('2020-12-28T19:52:00.001+10:00')).toMatchObject({ iso: '2020-12-28T09:52:00.001Z' });
    expect(parseEventTime('2020-12-28T19:52:00.123456789Z')).toMatchObject({ iso: '2020-12-28T19:52:00.123Z' });
    expect(parseEventTime('2020-12-28T19:52:00-0530')).toMatchObject({ iso: '2020-12-29T01:22:00.000Z' });
  });

  it('reads a time without a zone as UTC and says it had none', () => {
    expect(parseEventTime('2020-12-28T19:51:01.641499')).toEqual({
      kind: 'ok',
      iso: '2020-12-28T19:51:01.641Z',
      hasOffset: false,
    });
  });

  it('refuses dates alone, impossible dates and free text', () => {
    for (const text of [
      '2020-01-01',
      '2021-02-30T00:00:00Z',
      '2021-13-01T00:00:00Z',
      'yesterday',
      '{{ is_datetime(result) }}',
      '',
    ]) {
      expect(parseEventTime(text).kind).toBe('invalid');
    }
  });
});
