import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from './canonical-json.js';

describe('canonical JSON', () => {
  it('sorts object keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives equal values the same bytes whatever their key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: null })).toBe(canonicalJson({ z: null, y: [1, 2], x: 1 }));
  });

  it('keeps array order and scalar values', () => {
    expect(canonicalJson([3, 1, 'a', true, null])).toBe('[3,1,"a",true,null]');
    expect(canonicalJson('text')).toBe('"text"');
  });

  it('hashes text as hex SHA-256', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
