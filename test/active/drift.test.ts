import { describe, expect, it } from 'vitest';
import { bucketOf, populationStabilityIndex } from '../../src/active/feature-buckets.js';
import { findDrift } from '../../src/active/find-drift.js';
import { observeIngest } from '../../src/active/observe-ingest.js';
import { InputError } from '../../src/model/errors.js';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { forEachEngine } from '../helpers/stores.js';
import { apply, T } from '../store/builders.js';
import { logDriftingPredictions as logPredictions, predictions } from './drifting-predictions.js';

describe('feature histograms', () => {
  it('puts values in fixed buckets and measures a shifted distribution with PSI', () => {
    expect(bucketOf(0)).toBe('n:0');
    expect(bucketOf(-3)).toBe('n:-8');
    expect(bucketOf(null)).toBe('null');
    expect(bucketOf(true)).toBe('b:true');
    expect(bucketOf('gold')).toMatch(/^s#\d+$/);
    const same = new Map([
      ['a', 50],
      ['b', 50],
    ]);
    expect(populationStabilityIndex(same, same)).toBe(0);
    const moved = new Map([
      ['b', 10],
      ['c', 90],
    ]);
    expect(populationStabilityIndex(same, moved)).toBeGreaterThan(0.25);
  });
});

forEachEngine('drift', (getStore) => {
  it('finds the drifted feature of a deployment against its first days, with the source columns it comes from', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await logPredictions(store);
    const report = await findDrift(store, { node: ids.deployment, since: T(20), until: T(23) });
    const [deployment] = report.deployments;
    expect(deployment?.baseline).toEqual({ from: '2026-01-10', to: '2026-01-16', kind: 'first-days' });
    const age = deployment?.features.find((f) => f.feature === 'age');
    const tenure = deployment?.features.find((f) => f.feature === 'tenure');
    expect(age).toMatchObject({ drifted: true, level: 'significant', currentCount: 150, baselineCount: 350 });
    expect(age?.column).toBe(ids.trainAge);
    expect(age?.sources).toContain(ids.crmAge);
    expect(age?.daily.map((d) => d.day)).toEqual(['2026-01-20', '2026-01-21', '2026-01-22']);
    expect(tenure).toMatchObject({ drifted: false, level: 'stable' });
    const chosen = await findDrift(store, {
      node: ids.deployment,
      since: T(21),
      until: T(23),
      baselineFrom: T(20),
      baselineTo: T(20, 23),
    });
    expect(chosen.deployments[0]?.features.find((f) => f.feature === 'age')?.drifted).toBe(false);
  });

  it('finds columns whose quality metrics moved between dataset versions', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const version = (v: string, day: number, nulls: number, distinct: number, median: number) => ({
      datasetId: ids.staging,
      reason: 'write' as const,
      version: v,
      createdAt: T(day),
      runId: null,
      fields: [{ name: 'age', type: 'int' }],
      facets: {
        dataQualityMetrics: {
          rowCount: 1000,
          columnMetrics: {
            age: { nullCount: nulls, distinctCount: distinct, min: 18, max: 90, quantiles: { '0.5': median } },
          },
        },
      },
      lifecycleState: null,
    });
    await apply(store, {
      datasetVersions: [version('v1', 4, 10, 70, 41), version('v2', 6, 12, 71, 42), version('v3', 8, 300, 70, 41)],
    });
    const report = await findDrift(store, { node: ids.staging, since: T(5), until: T(9) });
    const age = report.datasets[0]?.columns.find((c) => c.column === 'age');
    expect(age?.drifted).toBe(true);
    expect(age?.reasons[0]).toContain('null share 1.0% -> 30.0%');
    expect(age?.series.map((point) => point.version)).toEqual(['v2', 'v3']);
    expect(age?.sources).toEqual([ids.crmAge]);
    const quiet = await findDrift(store, { node: ids.staging, since: T(5), until: T(7) });
    expect(quiet.datasets[0]?.columns[0]?.drifted).toBe(false);
  });

  it('refuses drift for a kind it cannot measure', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await expect(findDrift(store, { node: ids.load, since: T(1) })).rejects.toThrow(InputError);
  });
});

forEachEngine('drift histograms', (getStore) => {
  it('counts each prediction once even when the store is observed twice (serve, then the app)', async () => {
    const store = getStore();
    const twice = observeIngest(
      observeIngest(store, () => undefined),
      () => undefined,
    );
    await twice.predictions.append(predictions(10, 20, () => 30));
    const rows = await store.active.readFeatureCounts(ids.deployment, '2026-01-10', '2026-01-10');
    expect(rows.filter((row) => row.feature === 'age').reduce((sum, row) => sum + row.count, 0)).toBe(20);
  });
});
