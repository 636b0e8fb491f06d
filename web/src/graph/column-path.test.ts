import { describe, expect, it } from 'vitest';
import { edge } from '../test-support/fixture-graph.js';
import { columnPath } from './column-path.js';

const f = (table: string, column: string) => `datasetField:ns:${table}:${column}`;

describe('columnPath', () => {
  const edges = [
    edge('DERIVES', f('raw', 'amount'), f('clean', 'amount')),
    edge('DERIVES', f('raw', 'fx'), f('clean', 'amount')),
    edge('DERIVES', f('clean', 'amount'), f('features', 'spend')),
    edge('DERIVES', f('features', 'spend'), f('train', 'spend')),
    edge('TRAINED_ON', f('train', 'spend'), 'modelVersion:ml:churn:3'),
    edge('SERVES', 'modelVersion:ml:churn:3', 'deployment:srv:churn-prod'),
    edge('DERIVES', f('raw', 'fx'), f('finance', 'rate')),
    edge('DERIVES', f('raw', 'other'), f('features', 'other')),
  ];

  it('collects the full upstream and downstream closure of a column, through models to deployments', () => {
    const path = columnPath(f('clean', 'amount'), edges);
    expect([...path.upstream].sort()).toEqual([f('clean', 'amount'), f('raw', 'amount'), f('raw', 'fx')].sort());
    expect(path.downstream.has('deployment:srv:churn-prod')).toBe(true);
    expect(path.nodes.has(f('raw', 'other'))).toBe(false);
    expect(path.cards.has('dataset:ns:train')).toBe(true);
  });

  it('leaves side branches that touch the path at one end off it', () => {
    const path = columnPath(f('clean', 'amount'), edges);
    expect(path.edges.has(`DERIVES|${f('raw', 'fx')}|${f('clean', 'amount')}`)).toBe(true);
    expect(path.edges.has(`DERIVES|${f('raw', 'fx')}|${f('finance', 'rate')}`)).toBe(false);
    expect(path.nodes.has(f('finance', 'rate'))).toBe(false);
  });

  it('terminates on cycles', () => {
    const path = columnPath(f('a', 'x'), [
      edge('DERIVES', f('a', 'x'), f('b', 'y')),
      edge('DERIVES', f('b', 'y'), f('a', 'x')),
    ]);
    expect(path.nodes.size).toBe(2);
  });
});
