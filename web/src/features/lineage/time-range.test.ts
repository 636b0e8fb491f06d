import { describe, expect, it } from 'vitest';
import { edge, graph, node } from '../../test-support/fixture-graph.js';
import { snapToTick, timeRangeOf } from './time-range.js';

describe('timeRangeOf', () => {
  it('spans from before the oldest change to now with a tick per edge change', () => {
    const e1 = { ...edge('DERIVES', 'a', 'b'), validFrom: '2026-01-02T00:00:00Z', validTo: '2026-01-05T00:00:00Z' };
    const now = Date.parse('2026-01-10T00:00:00Z');
    const range = timeRangeOf(graph([node('dataset:ns:a', 0, { createdAt: '2026-01-01T00:00:00Z' })], [e1]), now);
    expect(range.min).toBeLessThan(Date.parse('2026-01-01T00:00:00Z'));
    expect(range.max).toBe(now);
    expect(range.ticks).toEqual([Date.parse('2026-01-02T00:00:00Z'), Date.parse('2026-01-05T00:00:00Z')]);
  });

  it('snaps to a nearby tick and leaves far times alone', () => {
    expect(snapToTick(1000, [990, 2000], 20)).toBe(990);
    expect(snapToTick(1500, [990, 2000], 20)).toBe(1500);
  });
});
