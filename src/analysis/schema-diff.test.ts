import { describe, expect, it } from 'vitest';
import { diffSchemas, isBreakingDiff } from './schema-diff.js';

describe('diffSchemas', () => {
  it('reports a dropped column', () => {
    const diff = diffSchemas(
      [
        { name: 'id', type: 'int' },
        { name: 'email', type: 'text' },
      ],
      [{ name: 'id', type: 'int' }],
    );
    expect(diff.dropped).toEqual([{ name: 'email', type: 'text' }]);
    expect(isBreakingDiff(diff)).toBe(true);
  });

  it('reads a same-type column at the same position as a rename', () => {
    const diff = diffSchemas(
      [
        { name: 'id', type: 'int' },
        { name: 'tenure', type: 'int' },
      ],
      [
        { name: 'id', type: 'int' },
        { name: 'tenure_days', type: 'int' },
      ],
    );
    expect(diff.renamed).toEqual([{ from: 'tenure', to: 'tenure_days', type: 'int' }]);
    expect(diff.dropped).toEqual([]);
    expect(diff.added).toEqual([]);
  });

  it('reports a retyped column and a purely additive change as not breaking', () => {
    expect(diffSchemas([{ name: 'a', type: 'int' }], [{ name: 'a', type: 'bigint' }]).retyped).toEqual([
      { name: 'a', from: 'int', to: 'bigint' },
    ]);
    const additive = diffSchemas(
      [{ name: 'a', type: 'int' }],
      [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ],
    );
    expect(additive.added).toEqual([{ name: 'b', type: 'int' }]);
    expect(isBreakingDiff(additive)).toBe(false);
  });

  it('compares nested fields by their dotted names', () => {
    const diff = diffSchemas(
      [
        {
          name: 'address',
          type: 'struct',
          fields: [
            { name: 'zip', type: 'text' },
            { name: 'city', type: 'text' },
          ],
        },
      ],
      [{ name: 'address', type: 'struct', fields: [{ name: 'city', type: 'text' }] }],
    );
    expect(diff.dropped).toEqual([{ name: 'address.zip', type: 'text' }]);
  });

  it('reports nothing when a version carries no schema', () => {
    expect(diffSchemas([{ name: 'a', type: 'int' }], [])).toEqual({ added: [], dropped: [], renamed: [], retyped: [] });
  });
});
