import { expect, it } from 'vitest';
import { WeightedLru } from '../../src/store/weighted-lru.js';

it('evicts the oldest entries past its weight budget, sparing those read since they were stored', () => {
  const lru = new WeightedLru<string, number>(30);
  lru.set('a', 1, 10);
  lru.set('b', 2, 10);
  lru.set('c', 3, 10);
  expect(lru.get('a')).toBe(1);
  lru.set('d', 4, 10);
  expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual([1, undefined, 3, 4]);
  lru.set('e', 5, 20);
  expect(lru.size).toBe(2);
  expect(lru.get('e')).toBe(5);
});

it('never keeps a value heavier than the whole budget, and forgets deleted and cleared entries', () => {
  const lru = new WeightedLru<string, number>(10);
  lru.set('big', 1, 11);
  expect(lru.get('big')).toBeUndefined();
  lru.set('x', 1, 5);
  lru.set('x', 2, 5);
  lru.set('y', 3, 5);
  expect([lru.get('x'), lru.get('y')]).toEqual([2, 3]);
  lru.delete('x');
  lru.set('z', 4, 5);
  expect(lru.get('y')).toBe(3);
  lru.clear();
  expect(lru.size).toBe(0);
});

it('tells of every entry that leaves: evicted, replaced, deleted or cleared, never one it keeps', () => {
  const dropped: string[] = [];
  const lru = new WeightedLru<string, number>(20, (key, value) => dropped.push(`${key}=${value}`));
  expect(lru.set('a', 1, 10)).toBe(true);
  lru.set('a', 2, 10);
  lru.set('b', 3, 10);
  lru.set('c', 4, 10);
  lru.delete('b');
  expect(lru.set('huge', 5, 21)).toBe(false);
  lru.clear();
  expect(dropped).toEqual(['a=1', 'a=2', 'b=3', 'c=4']);
});
