import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { readEventsFromText } from './read-events.js';

function readError(text: string): InputError {
  try {
    readEventsFromText(text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readEventsFromText', () => {
  it('reads one pretty-printed JSON event', () => {
    expect(readEventsFromText('\n{\n  "a": 1\n}\n')).toEqual({ events: [{ a: 1 }], lines: [2] });
  });

  it('reads a JSON array with the line each element starts on', () => {
    const text = '[\n  {"a": "[x,{"},\n  {\n    "b": [1, 2]\n  },\n  3\n]';
    expect(readEventsFromText(text)).toEqual({ events: [{ a: '[x,{' }, { b: [1, 2] }, 3], lines: [2, 3, 6] });
  });

  it('reads NDJSON, skipping blank lines and CRLF endings', () => {
    expect(readEventsFromText('{"a":1}\r\n\r\n{"b":2}\n')).toEqual({ events: [{ a: 1 }, { b: 2 }], lines: [1, 3] });
  });

  it('strips a byte order mark', () => {
    expect(readEventsFromText('\uFEFF{"a":1}').events).toEqual([{ a: 1 }]);
  });

  it('names every unparsable NDJSON line and returns nothing', () => {
    const error = readError('{"a":1}\n{"b":\n{"c":3}\nnot json\n');
    expect(error.issues.map((issue) => issue.path)).toEqual(['line 2', 'line 4']);
    expect(error.message).toMatch(/^malformed JSON at lines 2, 4/);
  });

  it('reports a truncated document at the line where it breaks off', () => {
    expect(readError('[\n  {"a": 1},\n  {"b": ').issues).toEqual([{ path: 'line 3', message: expect.any(String) }]);
    expect(readError('{\n  "eventType": "START",\n  "run": {').issues[0]?.path).toMatch(/^line \d$/);
  });

  it('refuses empty input', () => {
    expect(readError('  \n ').message).toBe('no events: the input is empty');
  });

  it('keeps long parser messages short', () => {
    const error = readError(`{"a": ${'x'.repeat(100_000)}}`);
    expect(error.message.length).toBeLessThan(300);
  });

  it('survives absurd nesting with an error rather than a crash', () => {
    const depth = 200_000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    let outcome: unknown;
    try {
      outcome = readEventsFromText(text).events.length;
    } catch (error) {
      outcome = error instanceof InputError ? 'input-error' : error;
    }
    expect([1, 'input-error']).toContain(outcome);
  });
});
