import { describe, expect, it } from 'vitest';
import { ingestDbt } from '../../../src/ingest/dbt/ingest-dbt.js';
import { ingestOpenLineage } from '../../../src/ingest/openlineage/ingest-openlineage.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { DBT_PROJECTS, loadDbtProject, readDbtJson, readProfiles } from '../../helpers/dbt-fixtures.js';
import { forEachEngine } from '../../helpers/stores.js';
import { compareLineage, fillExpectedEvents, readLineageView } from './graph-parity.js';

/**
 * The four jaffle_shop folders carry the events OpenLineage's own dbt integration emits for the
 * same artifacts. One store gets those events, another the artifacts; the datasets and the
 * job-level lineage must agree. Every difference is listed, and each is one of these, by design:
 *
 * - seeds: Rootline records seeds as datasets written by a SEED job and read by the models that
 *   ref them; the integration leaves seeds out of a model's inputs.
 * - unrun models: the integration emits events only for nodes in run_results.json; Rootline maps
 *   the whole manifest (the duckdb run_results holds one model).
 * - test jobs: the integration models `dbt test` as one job per tested model; Rootline records
 *   tests as assertions on the dataset or column (their results are compared separately).
 * - the parent job `dbt:dbt-job-name` of the integration's run facets, and the `.build.run` job
 *   suffix that OpenLineage 0.x gave `dbt build` (spark), which it no longer writes.
 */
const CASES = [
  {
    project: 'postgres',
    profiles: 'postgres',
    jobNamespace: 'job-namespace',
    ns: 'postgres://POSTGRES_HOST:1234',
    db: 'postgres.public.',
  },
  {
    project: 'snowflake',
    profiles: 'snowflake',
    jobNamespace: 'dbt-test-namespace',
    ns: 'snowflake://ASDF1234.eu-central-1.aws',
    db: 'DEMO_DB.public.',
  },
  {
    project: 'duckdb',
    profiles: 'duckdb',
    jobNamespace: 'job-namespace',
    ns: 'duckdb:///database/jaffle_shop.duckdb',
    db: 'jaffle_shop.main.',
  },
  { project: 'spark', profiles: 'spark', jobNamespace: 'job-namespace', ns: 'spark://localhost:10000', db: 'default.' },
] as const;

const SEEDS = ['raw_customers', 'raw_orders', 'raw_payments'];

async function ingestBoth(openLineage: Store, dbt: Store, c: (typeof CASES)[number]) {
  const events = fillExpectedEvents(
    readDbtJson(DBT_PROJECTS[c.project].dir, 'expected_openlineage_events.json') as unknown[],
  );
  const outcomes = await ingestOpenLineage(openLineage, events, { strict: false });
  expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
  await ingestDbt(dbt, loadDbtProject(c.project), {
    profiles: readProfiles(c.profiles),
    jobNamespace: c.jobNamespace,
    env: {},
  });
  return compareLineage(await readLineageView(openLineage), await readLineageView(dbt));
}

async function assertionKeys(store: Store, typeOf: (details: Record<string, unknown>, assertion: string) => unknown) {
  const results = await store.listAssertionResults({ limit: 1000 });
  return [
    ...new Set(results.items.map((r) => `${r.nodeId} ${String(typeOf(r.details, r.assertion))} ${r.status}`)),
  ].sort();
}

describe('dbt artifacts and OpenLineage dbt events', () => {
  forEachEngine('parity', (getStore) => {
    for (const c of CASES) {
      it(`yields the same datasets and job-level lineage for jaffle_shop on ${c.project}`, async () => {
        const openLineage = SqliteStore.open({ path: ':memory:' });
        const dbt = getStore();
        try {
          const diff = await ingestBoth(openLineage, dbt, c);
          console.log(`[parity ${c.project}] ${JSON.stringify(diff)}`);
          const ds = (name: string) => `dataset:${c.ns}:${c.db}${name}`;
          const seedDatasets = SEEDS.map(ds);
          // Every dataset and every lineage fact of the integration's events is in Rootline's graph.
          expect(diff.datasetsOnlyInOpenLineage).toEqual([]);
          expect(diff.outputsOnlyInOpenLineage).toEqual([]);
          expect(diff.inputs.filter((d) => d.onlyInOpenLineage.length > 0)).toEqual([]);
          // What Rootline adds: seeds (and, for duckdb, the model that did not run).
          const unrun = c.project === 'duckdb' ? [ds('orders')] : [];
          expect(diff.datasetsOnlyInDbt).toEqual([...unrun, ...seedDatasets].sort());
          expect(diff.outputsOnlyInDbt).toEqual(
            c.project === 'snowflake'
              ? ['customers', 'orders', ...SEEDS, 'stg_customers', 'stg_orders', 'stg_payments'].map(ds).sort()
              : [...unrun, ...seedDatasets].sort(),
          );
          const seedInputs = diff.inputs.map((d) => [d.output, d.onlyInDbt]);
          expect(seedInputs).toEqual(
            c.project === 'postgres' || c.project === 'spark'
              ? [
                  [ds('stg_customers'), [ds('raw_customers')]],
                  [ds('stg_orders'), [ds('raw_orders')]],
                  [ds('stg_payments'), [ds('raw_payments')]],
                ]
              : [],
          );
          // Every column the integration's schema facets give a dataset is a field of it here too.
          for (const dataset of (await openLineage.listNodes({ kind: 'dataset', limit: 100 })).items) {
            const fields = async (store: Store) => (await store.listFields(dataset.id)).map((f) => f.attributes.field);
            const theirs = await fields(openLineage);
            const ours = await fields(dbt);
            expect({ dataset: dataset.id, missing: theirs.filter((f) => !ours.includes(f)) }).toEqual({
              dataset: dataset.id,
              missing: [],
            });
          }
          const onlyInOl = diff.jobsOnlyInOpenLineage.filter((j) => j !== 'job:dbt:dbt-job-name');
          if (c.project === 'postgres' || c.project === 'duckdb') expect(onlyInOl).toEqual([]);
          else expect(onlyInOl.every((j) => /\.(test|build\.run|build\.test)$/.test(j))).toBe(true);
        } finally {
          await openLineage.close();
        }
      });
    }

    for (const c of CASES.filter((x) => x.project === 'snowflake' || x.project === 'spark')) {
      it(`records the same test outcomes as the integration's dataQualityAssertions on ${c.project}`, async () => {
        const openLineage = SqliteStore.open({ path: ':memory:' });
        const dbt = getStore();
        try {
          await ingestBoth(openLineage, dbt, c);
          const fromEvents = await assertionKeys(openLineage, (details) => details.assertion);
          const fromArtifacts = await assertionKeys(dbt, (details) => details.type);
          expect(fromArtifacts).toEqual(fromEvents);
          expect(fromArtifacts).toHaveLength(20);
        } finally {
          await openLineage.close();
        }
      });
    }
  });
});
