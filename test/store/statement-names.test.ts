import { expect, it } from 'vitest';
import { StatementNames } from '../../src/store/postgres/postgres-driver.js';

it('names a statement text once it is used often, always with the same name, and different texts differently', () => {
  const names = new StatementNames();
  const uses = (text: string, times: number) => Array.from({ length: times }, () => names.nameOf(text));
  expect(uses('SELECT 1', 3)).toEqual([undefined, undefined, 'rootline_0']);
  expect(uses('SELECT 1', 2)).toEqual(['rootline_0', 'rootline_0']);
  expect(uses('SELECT 2', 3).at(-1)).toBe('rootline_1');
});

it('stops naming new texts past its bound, so varying texts cannot pile up prepared statements', () => {
  const names = new StatementNames();
  for (let i = 0; i < 300; i++) for (let use = 0; use < 3; use++) names.nameOf(`SELECT ${i}`);
  expect(names.nameOf('SELECT 0')).toBe('rootline_0');
  expect(names.nameOf('SELECT 255')).toBe('rootline_255');
  expect(names.nameOf('SELECT 256')).toBeUndefined();
  expect(names.nameOf('SELECT 299')).toBeUndefined();
});
