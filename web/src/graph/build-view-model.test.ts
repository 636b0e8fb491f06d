import { describe, expect, it } from 'vitest';
import { edge, graph, node } from '../test-support/fixture-graph.js';
import { buildViewModel, edgeStyleOf } from './build-view-model.js';

const direct = [{ type: 'DIRECT' as const, subtype: 'IDENTITY' }];
const join = [{ type: 'INDIRECT' as const, subtype: 'JOIN' }];

describe('buildViewModel', () => {
  it('folds columns into their dataset card in schema order', () => {
    const model = buildViewModel(
      graph(
        [
          node('dataset:ns:orders', 0),
          node('datasetField:ns:orders:total', 0, { attributes: { field: 'total', type: 'DECIMAL', ordinal: 2 } }),
          node('datasetField:ns:orders:id', 0, { attributes: { field: 'id', type: 'INT', ordinal: 1 } }),
        ],
        [],
      ),
    );
    expect([...model.cards.keys()]).toEqual(['dataset:ns:orders']);
    expect(model.cards.get('dataset:ns:orders')?.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INT'],
      ['total', 'DECIMAL'],
    ]);
  });

  it('makes up a card for a dataset known only through its columns, with URI namespaces intact', () => {
    const model = buildViewModel(graph([node('datasetField:postgres://db:5432:public.users:email', 2)], []));
    const card = model.cards.get('dataset:postgres://db:5432:public.users');
    expect(card?.namespace).toBe('postgres://db:5432');
    expect(card?.name).toBe('public.users');
    expect(card?.depth).toBe(2);
    expect(card?.node).toBeNull();
  });

  it('anchors column edges to the columns on both cards and keeps their DIRECT or INDIRECT style', () => {
    const model = buildViewModel(
      graph(
        [node('datasetField:ns:a:x', 1), node('datasetField:ns:b:y', 0), node('datasetField:ns:b:k', 0)],
        [
          edge('DERIVES', 'datasetField:ns:a:x', 'datasetField:ns:b:y', direct),
          edge('DERIVES', 'datasetField:ns:a:x', 'datasetField:ns:b:k', join),
        ],
      ),
    );
    expect(model.edges).toEqual([
      expect.objectContaining({
        source: 'dataset:ns:a',
        target: 'dataset:ns:b',
        sourceColumn: 'datasetField:ns:a:x',
        targetColumn: 'datasetField:ns:b:y',
        style: 'direct',
        detail: 'IDENTITY',
      }),
      expect.objectContaining({ targetColumn: 'datasetField:ns:b:k', style: 'indirect', detail: 'JOIN' }),
    ]);
  });

  it('drops edges inside one card and edges to nodes it was not given', () => {
    const model = buildViewModel(
      graph(
        [node('datasetField:ns:a:x', 0), node('datasetField:ns:a:y', 0)],
        [
          edge('DERIVES', 'datasetField:ns:a:x', 'datasetField:ns:a:y'),
          edge('INPUT', 'dataset:ns:a', 'job:ns:missing'),
        ],
      ),
    );
    expect(model.edges).toEqual([]);
  });

  it('badges failing assertions, PII and live deployments', () => {
    const model = buildViewModel(
      graph(
        [
          node('dataset:ns:a', 0, {
            facets: { dataQualityAssertions: { assertions: [{ assertion: 'not_null', success: false }] } },
          }),
          node('datasetField:ns:a:email', 0, { tags: ['PII'] }),
          node('deployment:ns:churn-prod', 1),
        ],
        [],
      ),
    );
    expect(model.cards.get('dataset:ns:a')?.badges.map((b) => b.kind)).toEqual(['failing']);
    expect(model.cards.get('dataset:ns:a')?.columns[0]?.badges.map((b) => b.kind)).toEqual(['pii']);
    expect(model.cards.get('deployment:ns:churn-prod')?.badges.map((b) => b.kind)).toEqual(['live']);
  });
});

describe('edgeStyleOf', () => {
  it('draws job edges as plain flow and column edges without transformations as direct', () => {
    expect(edgeStyleOf({ kind: 'INPUT', transformations: [] })).toBe('flow');
    expect(edgeStyleOf({ kind: 'DERIVES', transformations: [] })).toBe('direct');
    expect(edgeStyleOf({ kind: 'DERIVES', transformations: [...join, ...direct] })).toBe('direct');
  });
});
