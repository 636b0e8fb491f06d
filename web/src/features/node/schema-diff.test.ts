import { describe, expect, it } from 'vitest';
import { diffSchema } from './schema-diff.js';

describe('diffSchema', () => {
  it('reports added, removed and retyped columns and keeps unchanged ones', () => {
    const changes = diffSchema(
      [
        { name: 'id', type: 'INT' },
        { name: 'email', type: 'STRING' },
        { name: 'amount', type: 'INT' },
      ],
      [
        { name: 'id', type: 'int' },
        { name: 'amount', type: 'DECIMAL(10,2)' },
        { name: 'country', type: 'STRING' },
      ],
    );
    expect(changes).toEqual([
      { kind: 'unchanged', name: 'id', type: 'int' },
      { kind: 'retyped', name: 'amount', from: 'INT', to: 'DECIMAL(10,2)' },
      { kind: 'added', name: 'country', type: 'STRING' },
      { kind: 'removed', name: 'email', type: 'STRING' },
    ]);
  });

  it('compares nested fields by their dotted path', () => {
    const changes = diffSchema(
      [{ name: 'address', type: 'STRUCT', fields: [{ name: 'zip', type: 'STRING' }] }],
      [{ name: 'address', type: 'STRUCT', fields: [{ name: 'zip', type: 'INT' }] }],
    );
    expect(changes).toContainEqual({ kind: 'retyped', name: 'address.zip', from: 'STRING', to: 'INT' });
  });
});
