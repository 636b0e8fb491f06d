import { observeIngest } from '../../src/active/observe-ingest.js';
import type { Prediction } from '../../src/store/prediction-log.js';
import type { Store } from '../../src/store/store.js';
import { ids } from '../analysis/churn-graph.js';
import { T } from '../store/builders.js';

/** `count` predictions of the churn deployment on January `day`, with `age` from its index. */
export function predictions(day: number, count: number, age: (i: number) => number): Prediction[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `p-${day}-${i}`,
    deployment: ids.deployment,
    modelVersion: ids.modelVersion,
    time: T(day, i % 24),
    features: { age: age(i), tenure: (i % 10) + 1 },
    output: 0.5,
  }));
}

/** A week of steady predictions (days 10-16), then days 20-22 where `age` moved up by 35. */
export async function logDriftingPredictions(store: Store): Promise<void> {
  const observed = observeIngest(store, () => undefined);
  for (let day = 10; day < 17; day++) await observed.predictions.append(predictions(day, 50, (i) => 25 + (i % 10)));
  for (let day = 20; day < 23; day++) await observed.predictions.append(predictions(day, 50, (i) => 60 + (i % 10)));
  // A re-sent batch is all duplicates: the histograms do not count it twice.
  await observed.predictions.append(predictions(20, 50, (i) => 60 + (i % 10)));
}
