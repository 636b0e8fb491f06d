import { describe, expect, it } from 'vitest';
import { node } from '../../test-support/fixture-graph.js';
import { assertionsFromFacet, groupAssertions } from './assertion-history.js';

describe('assertion history', () => {
  it('groups results per check and column, oldest first, failing checks on top', () => {
    const groups = groupAssertions([
      { nodeId: 'dataset:n:t', assertion: 'row_count', status: 'pass', at: '2026-01-02', details: {} },
      { nodeId: 'datasetField:n:t:id', assertion: 'not_null', status: 'pass', at: '2026-01-01', details: {} },
      { nodeId: 'datasetField:n:t:id', assertion: 'not_null', status: 'fail', at: '2026-01-03', details: {} },
    ]);
    expect(groups.map((g) => [g.assertion, g.latest, g.results.length])).toEqual([
      ['not_null', 'fail', 2],
      ['row_count', 'pass', 1],
    ]);
  });

  it('reads the current results from a dataQualityAssertions facet', () => {
    const rows = assertionsFromFacet(
      node('dataset:n:t', 0, {
        namespace: 'n',
        name: 't',
        facets: { dataQualityAssertions: { assertions: [{ assertion: 'not_null', success: false, column: 'id' }] } },
      }),
    );
    expect(rows).toEqual([expect.objectContaining({ nodeId: 'datasetField:n:t:id', status: 'fail' })]);
  });

  it('dates results from a past version facet at that version', () => {
    const table = node('dataset:n:t', 0, { namespace: 'n', name: 't' });
    const facets = { dataQualityAssertions: { assertions: [{ assertion: 'row_count', success: true }] } };
    expect(assertionsFromFacet(table, facets, '2026-01-02T00:00:00Z')).toEqual([
      expect.objectContaining({ nodeId: 'dataset:n:t', status: 'pass', at: '2026-01-02T00:00:00Z' }),
    ]);
  });
});
