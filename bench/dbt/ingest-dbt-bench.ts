/**
 * Ingestion time of a generated dbt project (default 10,000 models) into SQLite, with and
 * without column lineage, and the time of the same artifacts' canonical JSON (the event-log
 * payload) as a floor that any ingestion pays. Prints one JSON object.
 *
 *   npx tsx bench/dbt/ingest-dbt-bench.ts [models]
 */
import { ingestDbt } from '../../src/ingest/dbt/ingest-dbt.js';
import { parseDbtArtifacts } from '../../src/ingest/dbt/parse-artifacts.js';
import { canonicalJson } from '../../src/model/canonical-json.js';
import { openStore } from '../../src/store/open-store.js';
import { generateDbtProject } from '../../test/helpers/dbt-manifest-generator.js';

const models = Number(process.argv[2] ?? 10_000);
const project = generateDbtProject({ models });
const artifacts = { manifest: project.manifest, runResults: project.runResults };

function nextInvocation() {
  const manifest = structuredClone(project.manifest) as {
    metadata: Record<string, unknown>;
    nodes: Record<string, { compiled_code?: string }>;
  };
  manifest.metadata.generated_at = '2026-10-02T05:00:00.000000Z';
  const node = manifest.nodes[`model.big.model_${models - 1}`];
  if (node) node.compiled_code = `${node.compiled_code ?? ''}\n-- changed`;
  return { manifest, runResults: project.runResults };
}

async function timeIngest(withColumns: boolean) {
  const store = await openStore({ db: ':memory:' });
  let mapped = 0;
  const started = performance.now();
  const outcome = await ingestDbt(store, artifacts, {
    namespace: 'postgres://warehouse:5432',
    ...(withColumns ? {} : { analyzeSql: null }),
    onProgress: (done, total) => {
      if (done === total) mapped = performance.now();
    },
  });
  const ended = performance.now();
  const again = performance.now();
  const duplicate = await ingestDbt(store, artifacts, {
    namespace: 'postgres://warehouse:5432',
    ...(withColumns ? {} : { analyzeSql: null }),
  });
  const duplicateMs = performance.now() - again;
  // The CI case: the next `dbt build` with one model changed.
  const next = nextInvocation();
  const changedStart = performance.now();
  const changed = await ingestDbt(store, next, {
    namespace: 'postgres://warehouse:5432',
    ...(withColumns ? {} : { analyzeSql: null }),
  });
  const changedMs = performance.now() - changedStart;
  await store.close();
  return {
    totalMs: Math.round(ended - started),
    mapMs: Math.round(mapped - started),
    storeMs: Math.round(ended - mapped),
    modelsPerSecond: Math.round(models / ((ended - started) / 1000)),
    columnEdges: outcome.summary.derivesEdges,
    reingest: { status: duplicate.status, ms: Math.round(duplicateMs) },
    oneModelChanged: { ms: Math.round(changedMs), lineageReused: changed.summary.lineageReused },
  };
}

const floorStart = performance.now();
const parsed = parseDbtArtifacts(artifacts);
canonicalJson({ manifest: parsed.manifest, runResults: parsed.runResults });
const floorMs = performance.now() - floorStart;
const tableOnly = await timeIngest(false);
const withColumns = await timeIngest(true);
console.log(
  JSON.stringify(
    {
      bench: 'dbt-ingest',
      models,
      sources: project.sources,
      tests: project.tests,
      parseAndCanonicalJsonMs: Math.round(floorMs),
      tableLevel: { ...tableOnly, ratioToFloor: Number((tableOnly.totalMs / floorMs).toFixed(1)) },
      columnLevel: { ...withColumns, ratioToFloor: Number((withColumns.totalMs / floorMs).toFixed(1)) },
    },
    null,
    2,
  ),
);
