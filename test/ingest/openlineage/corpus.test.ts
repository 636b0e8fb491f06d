import { describe, expect, it } from 'vitest';
import { buildMutation } from '../../../src/ingest/openlineage/build-mutation.js';
import { columnLineageFromFacets } from '../../../src/ingest/openlineage/column-lineage.js';
import {
  createDatasetResolver,
  declaredAliases,
  resolvedAliases,
} from '../../../src/ingest/openlineage/dataset-identity.js';
import { parseOpenLineageEvent } from '../../../src/ingest/openlineage/parse-event.js';
import { completeEvent, corpusIndex, readEvent } from './corpus-events.js';

const index = corpusIndex();

function mutationOf(raw: unknown) {
  const parsed = parseOpenLineageEvent(raw);
  if (!parsed.event) throw new Error(JSON.stringify(parsed.errors));
  const declared = declaredAliases(parsed.event);
  const mutation = buildMutation(parsed.event, {
    resolve: createDatasetResolver(declared, new Map()),
    aliases: resolvedAliases(declared.aliases, new Map()),
    columnLineage: columnLineageFromFacets(parsed.event),
  });
  return { parsed, mutation };
}

describe('the OpenLineage corpus', () => {
  it.each(index.filter((entry) => entry.fully_valid).map((entry) => entry.file))(
    'parses the fully formed event %s without errors or warnings',
    (file) => {
      const result = parseOpenLineageEvent(readEvent(file));
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
    },
  );

  // The dbt integration sends `_deleted: null` on jobType; it reads as "not deleted", not as an error.
  const lenient = new Set(['dbt/no_test_metadata__05_COMPLETE.json', 'dbt/no_test_metadata__09_FAIL.json']);

  it.each([...lenient])('accepts the dbt event %s, whose only flaw is _deleted: null, without a warning', (file) => {
    const result = parseOpenLineageEvent(readEvent(file));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.event?.kind === 'run' && result.event.job.standard.jobType?.integration).toBe('DBT');
  });

  it.each(
    index
      .filter((entry) => entry.complete && !entry.fully_valid && !lenient.has(entry.file))
      .map((entry) => entry.file),
  )('accepts the complete but not schema-valid event %s, saying what is wrong', (file) => {
    const result = parseOpenLineageEvent(readEvent(file));
    expect(result.errors).toEqual([]);
    expect(result.warnings.length).toBeGreaterThan(0);
  });

  it('rejects the fluentd event without runId and warns about each intentionally invalid facet', () => {
    const expected: Record<string, string[]> = {
      'proxy-fluentd/event_invalid_dataset_facet.json': ['outputs[0].facets.ownership.owners[0].name'],
      'proxy-fluentd/event_invalid_job_facet.json': ['job.facets.ownership.owners[0].name'],
      'proxy-fluentd/event_invalid_input_dataset_facet.json': [
        'inputs[0].inputFacets.dataQualityMetrics.columnMetrics',
      ],
      'proxy-fluentd/event_invalid_output_dataset_facet.json': ['outputs[0].outputFacets.outputStatistics.rowCount'],
      'proxy-fluentd/event_invalid_run_facet.json': ['run.facets.parent.run.runId'],
      'proxy-fluentd/event_full.json': ['inputs[0].inputFacets.dataQualityMetrics.columnMetrics'],
    };
    for (const [file, paths] of Object.entries(expected)) {
      const result = parseOpenLineageEvent(readEvent(file));
      expect(result.errors, file).toEqual([]);
      expect(
        result.warnings.map((warning) => warning.path),
        file,
      ).toEqual(paths);
      for (const warning of result.warnings) expect(warning.message).toMatch(/kept raw, not interpreted/);
    }
    expect(parseOpenLineageEvent(readEvent('proxy-fluentd/event_no_run_id.json')).errors).toEqual([
      { path: 'run.runId', message: 'is required (expected string)' },
    ]);
  });

  const partial = index.filter((entry) => !entry.complete && entry.file !== 'proxy-fluentd/event_no_run_id.json');

  it.each(partial.map((entry) => [entry.file, entry] as const))(
    'extracts the lineage of the partial expectation %s once its placeholders are filled',
    (file, entry) => {
      const raw = completeEvent(readEvent(file), file);
      const { parsed, mutation } = mutationOf(raw);
      expect(parsed.errors).toEqual([]);
      const facetWarnings = parsed.warnings.filter((w) => !w.path.startsWith('run.facets') && w.path !== 'run.runId');
      expect(facetWarnings.filter((w) => /columnLineage|schema|symlinks/.test(w.path))).toEqual([]);
      const edges = mutation.edgeSets.flatMap((set) => set.edges);
      // pysparkDeltaMergeIntoCompleteEvent expects an empty columnLineage facet ({}): nothing to extract.
      const lineageIsEmpty = JSON.stringify(readEvent(file)).includes('"columnLineage":{}');
      if (entry.has.columnLineage && !lineageIsEmpty) expect(edges.some((edge) => edge.kind === 'DERIVES')).toBe(true);
      if (entry.has.schema) expect(mutation.nodes.some((node) => node.kind === 'datasetField')).toBe(true);
      if (entry.has.symlinks) expect(mutation.aliases.length).toBeGreaterThan(0);
      if (entry.has.dataQualityAssertions) expect(mutation.assertionResults.length).toBeGreaterThan(0);
      if (entry.has.ownership) expect(mutation.nodes.some((node) => (node.owners ?? []).length > 0)).toBe(true);
      if (entry.eventKind !== 'DatasetEvent') expect(mutation.nodes.some((node) => node.kind === 'job')).toBe(true);
    },
  );

  it('keeps the masking flag and transformation subtypes of the Hive masking case', () => {
    const { mutation } = mutationOf(completeEvent(readEvent('hive/cllSimpleQueryMaskingComplete.json'), 'masking'));
    const masked = mutation.edgeSets
      .flatMap((set) => set.edges)
      .filter((edge) => edge.transformations.some((t) => t.masking));
    expect(masked.length).toBeGreaterThan(0);
    expect(masked[0]?.transformations[0]).toMatchObject({ type: 'DIRECT', masking: true });
  });

  it('maps the Spark column lineage of a CREATE TABLE AS SELECT onto the Hive tables behind the files', () => {
    const { mutation } = mutationOf(readEvent('spark/compat_spark_cll_create_table__08_8.json'));
    const derives = mutation.edgeSets.find((set) => set.scope.endsWith('|dataset:file:/tmp/cll_test:default.tbl1'));
    expect(derives?.edges).toContainEqual(
      expect.objectContaining({
        source: 'datasetField:file:/tmp/cll_test:default.cll_source2:c',
        target: 'datasetField:file:/tmp/cll_test:default.tbl1:agg',
        transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION', masking: false }],
      }),
    );
    expect(mutation.aliases).toContainEqual({
      alias: 'dataset:file:/tmp/cll_test/tbl1',
      canonical: 'dataset:file:/tmp/cll_test:default.tbl1',
    });
  });
});
