import { describe, expect, it } from 'vitest';
import { ingestDbt } from '../../../src/ingest/dbt/ingest-dbt.js';
import { openStore } from '../../../src/store/open-store.js';
import { generateDbtProject } from '../../helpers/dbt-manifest-generator.js';

describe('a 10,000-model manifest', () => {
  it('ingests in one event, reporting progress for every model', async () => {
    const project = generateDbtProject({ models: 10_000 });
    const store = await openStore({ db: ':memory:' });
    try {
      let reports = 0;
      let last = 0;
      const started = performance.now();
      const outcome = await ingestDbt(
        store,
        { manifest: project.manifest, runResults: project.runResults },
        {
          namespace: 'postgres://warehouse:5432',
          // Table-level only here: column lineage of 10k statements belongs in bench/dbt.
          analyzeSql: null,
          onProgress: (done, total) => {
            reports++;
            last = done;
            expect(total).toBe(10_000);
          },
        },
      );
      console.log(
        `[dbt 10k] table-level ingestion of 10,000 models took ${Math.round(performance.now() - started)} ms`,
      );
      expect(reports).toBe(10_000);
      expect(last).toBe(10_000);
      expect(outcome.summary).toMatchObject({ datasets: 10_000 + project.sources, jobs: 10_000, assertions: 10_000 });
      expect((await store.listNodes({ kind: 'job', limit: 1 })).total).toBe(10_000);
      expect((await store.listEvents({})).total).toBe(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
