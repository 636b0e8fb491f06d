import { emptyMutation } from '../../src/model/mutation.js';
import type { Store } from '../../src/store/store.js';
import type { SyntheticDataset } from '../synthetic-lineage.js';

const AT = '2026-06-01T00:00:00.000Z';
/** How many source columns the scenario tags as personal data. */
export const PII_COLUMNS = 20;

/**
 * Tags a column of twenty raw sources `pii`, so PII propagation has origins to walk from. One
 * record; recording it again is a duplicate, so the cached graph can keep it.
 */
export async function tagPiiColumns(
  store: Store,
  planned: readonly SyntheticDataset[],
  namespace: string,
): Promise<void> {
  const sources = planned.filter((dataset) => dataset.layer === 0);
  const step = Math.max(1, Math.floor(sources.length / PII_COLUMNS));
  const mutation = emptyMutation();
  for (let i = 0; i < PII_COLUMNS && i * step < sources.length; i++) {
    const source = sources[i * step] as SyntheticDataset;
    mutation.nodes.push({
      id: `datasetField:${namespace}:${source.name}:c2`,
      kind: 'datasetField',
      namespace,
      name: source.name,
      at: AT,
      tags: ['pii'],
    });
  }
  await store.ingest(
    { source: 'apply', actor: 'bench', payload: { benchPiiScenario: PII_COLUMNS }, eventTime: AT },
    mutation,
  );
}
