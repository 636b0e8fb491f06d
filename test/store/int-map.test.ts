import { expect, it } from 'vitest';
import { IntMap } from '../../src/store/int-map.js';

it('maps integer keys to values through growth, with -1 for a missing key', () => {
  const map = new IntMap(4);
  const expected = new Map<number, number>();
  // Consecutive keys, keys far apart, and keys that collide in a small table.
  const keys = [...Array.from({ length: 500 }, (_, i) => i), ...Array.from({ length: 500 }, (_, i) => i * 4096 + 7)];
  for (const [i, key] of keys.entries()) {
    map.set(key, i);
    expected.set(key, i);
  }
  map.set(7, -5);
  expected.set(7, -5);
  for (const [key, value] of expected) expect(map.get(key)).toBe(value);
  expect(map.get(123_456_789)).toBe(-1);
  expect(map.get(501)).toBe(-1);
});
