import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ingestOpenLineage } from '../../../src/ingest/openlineage/ingest-openlineage.js';
import { readEventsFromText } from '../../../src/ingest/openlineage/read-events.js';
import { forEachEngine } from '../../helpers/stores.js';

const MARQUEZ = join(import.meta.dirname, '../../fixtures/openlineage/marquez');
const API_FIXTURES = join(MARQUEZ, 'api-test-fixtures/open_lineage');

function fixtureFiles(): string[] {
  const top = readdirSync(API_FIXTURES).filter((name) => name.endsWith('.json'));
  const listener = readdirSync(join(API_FIXTURES, 'listener')).map((name) => `listener/${name}`);
  return [...top, ...listener].sort();
}

forEachEngine('ingestOpenLineage on Marquez fixtures', (getStore) => {
  it('accepts every OpenLineage event Marquez ingests in its API tests, 1.x shapes included', async () => {
    const files = fixtureFiles();
    const events = files.map((file) => JSON.parse(readFileSync(join(API_FIXTURES, file), 'utf8')));
    const outcomes = await ingestOpenLineage(getStore(), events, { strict: false });
    const statuses = Object.fromEntries(files.map((file, i) => [file, outcomes[i]?.status]));
    expect(Object.values(statuses).every((status) => status === 'accepted' || status === 'duplicate')).toBe(true);
    const warned = files.filter((_, i) => (outcomes[i]?.warnings.length ?? 0) > 0);
    expect(warned).toEqual(['event_full.json', 'event_required_no_timezone.json']);
  });

  it('loads the Marquez seed pipeline with its column lineage, SQL and assertions', async () => {
    const store = getStore();
    const { events } = readEventsFromText(readFileSync(join(MARQUEZ, 'seed/metadata.json'), 'utf8'));
    const outcomes = await ingestOpenLineage(store, events, { strict: true });
    expect(outcomes.filter((outcome) => outcome.status !== 'accepted')).toEqual([]);
    const runs = await store.listRuns({ limit: 100 });
    expect(runs.total).toBe(13);
    expect(runs.items.every((run) => run.state === 'COMPLETED' && run.startedAt !== null)).toBe(true);
    const derives = await store.traverse({
      start: ['datasetField:food_delivery:public.delivery_7_days:order_id'],
      direction: 'upstream',
      depth: 10,
      level: 'column',
    });
    expect(derives.edges.some((edge) => edge.kind === 'DERIVES' && edge.origin === 'facet')).toBe(true);
    const assertions = await store.listAssertionResults({ nodeId: 'dataset:food_delivery:public.delivery_7_days' });
    expect(assertions.total).toBeGreaterThan(0);
    const jobs = await store.listNodes({ kind: 'job', limit: 100 });
    expect(jobs.total).toBeGreaterThanOrEqual(13);
  });
});
