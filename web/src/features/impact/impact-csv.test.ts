import { describe, expect, it } from 'vitest';
import { impactToCsv, sortAffected, summaryLabel } from './impact-csv.js';

const affected = (id: string, severity: string, depth: number, live?: boolean) => ({
  id,
  kind: id.split(':')[0] ?? '',
  name: id,
  depth,
  severity,
  path: ['a', id],
  owners: ['risk-ml@acme.example'],
  ...(live ? { live } : {}),
});

describe('impact CSV', () => {
  it('writes a header and one quoted row per affected node', () => {
    const csv = impactToCsv([affected('deployment:s:churn-prod', 'breaking', 5, true)]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,kind,name,depth,severity,live,owners,path');
    expect(lines[1]).toBe(
      '"deployment:s:churn-prod","deployment","deployment:s:churn-prod","5","breaking","yes","risk-ml@acme.example","a > deployment:s:churn-prod"',
    );
  });

  it('escapes quotes and defuses spreadsheet formulas', () => {
    const csv = impactToCsv([{ ...affected('dataset:n:x', 'rows', 1), name: '=HYPERLINK("x")' }]);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('sorts live deployments first, then by severity and depth', () => {
    const sorted = sortAffected([
      affected('dataset:n:a', 'rows', 1),
      affected('dataset:n:b', 'breaking', 3),
      affected('deployment:n:d', 'rows', 6, true),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['deployment:n:d', 'dataset:n:b', 'dataset:n:a']);
  });
});

describe('summaryLabel', () => {
  it('spells summary kinds as words, singular for one', () => {
    expect(summaryLabel('trainingSetVersions', 1)).toBe('training set version');
    expect(summaryLabel('columns', 7)).toBe('columns');
  });
});
