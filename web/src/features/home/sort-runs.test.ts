import { describe, expect, it } from 'vitest';
import { runDuration, sortRunsFailedFirst } from './sort-runs.js';

const run = (runId: string, state: string, startedAt: string) => ({
  runId,
  jobId: 'job:ns:j',
  state,
  createdAt: startedAt,
  startedAt,
  endedAt: null,
});

describe('sortRunsFailedFirst', () => {
  it('puts failed runs first and keeps newest first within a state', () => {
    const sorted = sortRunsFailedFirst([
      run('a', 'COMPLETED', '2026-01-03T00:00:00Z'),
      run('b', 'FAILED', '2026-01-01T00:00:00Z'),
      run('c', 'COMPLETED', '2026-01-04T00:00:00Z'),
      run('d', 'FAILED', '2026-01-02T00:00:00Z'),
    ]);
    expect(sorted.map((r) => r.runId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('measures a finished run and leaves an unfinished one without duration', () => {
    expect(runDuration({ startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:30Z' })).toBe(90_000);
    expect(runDuration({ startedAt: '2026-01-01T00:00:00Z', endedAt: null })).toBeNull();
  });
});
