import { describe, expect, it } from 'vitest';
import { enumParam, formatHash, intParam, parseHash, withParams } from './url-state.js';

describe('url state', () => {
  it('round-trips a node view with a URI namespace and repeated expand tokens', () => {
    const hash = formatHash('/node', {
      id: 'dataset:postgres://db:5432:public.orders',
      depth: 3,
      x: ['up:job:etl:a', 'down:dataset:kafka://b1:9092,b2:9092:t'],
      asOf: null,
    });
    const route = parseHash(hash);
    expect(route.path).toBe('/node');
    expect(route.params.get('id')).toBe('dataset:postgres://db:5432:public.orders');
    expect(route.params.getAll('x')).toEqual(['up:job:etl:a', 'down:dataset:kafka://b1:9092,b2:9092:t']);
    expect(route.params.has('asOf')).toBe(false);
  });

  it('replaces and removes params without touching the others', () => {
    const route = parseHash('#/node?id=a&depth=2&col=c');
    const next = parseHash(withParams(route, { depth: 4, col: null }));
    expect(next.params.get('id')).toBe('a');
    expect(next.params.get('depth')).toBe('4');
    expect(next.params.has('col')).toBe(false);
  });

  it('treats an empty hash as home and clamps numeric params', () => {
    expect(parseHash('').path).toBe('/');
    const params = new URLSearchParams('depth=99&dir=sideways');
    expect(intParam(params, 'depth', 2, 1, 10)).toBe(10);
    expect(enumParam(params, 'dir', ['upstream', 'downstream', 'both'], 'both')).toBe('both');
  });
});
