import { describe, expect, it } from 'vitest';
import { ingestOpenLineage } from '../../../src/ingest/openlineage/ingest-openlineage.js';
import { ConflictError } from '../../../src/model/errors.js';
import type { Store } from '../../../src/store/store.js';
import { forEachEngine } from '../../helpers/stores.js';
import { completeEvent, corpusIndex, readEvent, scenarioFiles } from './corpus-events.js';

const fullyFormed = corpusIndex()
  .filter((entry) => entry.complete)
  .map((entry) => entry.file);

const INVALID_FACET_EVENTS = [
  'proxy-fluentd/event_invalid_dataset_facet.json',
  'proxy-fluentd/event_invalid_input_dataset_facet.json',
  'proxy-fluentd/event_invalid_job_facet.json',
  'proxy-fluentd/event_invalid_output_dataset_facet.json',
  'proxy-fluentd/event_invalid_run_facet.json',
];

async function snapshot(store: Store) {
  const events = await store.listEvents({ limit: 1 });
  const nodes = await store.listNodes({ limit: 10_000 });
  const runs = await store.listRuns({ limit: 10_000 });
  const edges = new Set<string>();
  for (const node of nodes.items) {
    for (const edge of await store.listEdges({ nodeId: node.id, direction: 'out' })) {
      edges.add(`${edge.kind}|${edge.source}|${edge.target}|${edge.via ?? ''}`);
    }
  }
  return {
    events: events.total,
    edges: [...edges].sort(),
    nodes: nodes.items.map((node) => [node.id, node.updatedAt, node.facets]).sort(),
    runs: runs.items.map((run) => [run.runId, run.state, run.startedAt, run.endedAt]).sort(),
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

forEachEngine('ingestOpenLineage', (getStore) => {
  it('accepts every fully formed event of the corpus, and a replay changes nothing', async () => {
    const store = getStore();
    const events = fullyFormed.map(readEvent);
    const first = await ingestOpenLineage(store, events, { strict: false, actor: 'test' });
    expect(first.filter((outcome) => outcome.status !== 'accepted')).toEqual([]);
    const before = await snapshot(store);
    const replay = await ingestOpenLineage(store, events, { strict: false, actor: 'test' });
    expect(replay.map((outcome) => outcome.status)).toEqual(events.map(() => 'duplicate'));
    expect(replay.map((outcome) => outcome.seq)).toEqual(first.map((outcome) => outcome.seq));
    expect(await snapshot(store)).toEqual(before);
  });

  it('stores every partial expectation of the corpus once its placeholders are filled', async () => {
    const store = getStore();
    const partial = corpusIndex().filter(
      (entry) => !entry.complete && entry.file !== 'proxy-fluentd/event_no_run_id.json',
    );
    const events = partial.map((entry) => completeEvent(readEvent(entry.file), entry.file));
    const outcomes = await ingestOpenLineage(store, events, { strict: false });
    const refused = outcomes.filter((outcome) => outcome.status !== 'accepted');
    expect(refused.map((outcome) => [partial[outcome.index]?.file, outcome.errors])).toEqual([]);
    // The Hive cases all rewrite test.xxx with the same job, so the masking case's edges are history now.
    const masked = await store.listEdges({
      nodeId: 'datasetField:hive://localhost:9083:test.xxx:mt',
      direction: 'in',
      includeClosed: true,
    });
    expect(masked).toContainEqual(
      expect.objectContaining({
        kind: 'DERIVES',
        source: 'datasetField:hive://localhost:9083:test.t1:a',
        transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
      }),
    );
  });

  it('stores the intentionally invalid fluentd events with warnings, and rejects them in strict mode', async () => {
    const store = getStore();
    const events = INVALID_FACET_EVENTS.map(readEvent);
    const strict = await ingestOpenLineage(store, events, { strict: true });
    expect(strict.map((outcome) => outcome.status)).toEqual(events.map(() => 'rejected'));
    expect(strict[0]?.errors[0]?.path).toBe('outputs[0].facets.ownership.owners[0].name');
    expect((await store.listEvents({})).total).toBe(0);

    const lenient = await ingestOpenLineage(store, events, { strict: false });
    expect(lenient.map((outcome) => outcome.status)).toEqual(events.map(() => 'accepted'));
    expect(lenient.map((outcome) => outcome.warnings.length)).toEqual(events.map(() => 1));
    const output = await store.getNode('dataset:my-datasource-namespace:instance.schema.output-1');
    expect(output?.owners).toEqual([]);
    expect(output?.facets.ownership).toMatchObject({ owners: [{ 'no-name': 'no-name-owner' }] });
  });

  it('rejects an event without runId with its path and stores nothing, while the batch goes on', async () => {
    const store = getStore();
    const outcomes = await ingestOpenLineage(
      store,
      [readEvent('proxy-fluentd/event_simple.json'), readEvent('proxy-fluentd/event_no_run_id.json'), 'not an event'],
      { strict: false },
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(outcomes[1]).toMatchObject({ index: 1, errors: [{ path: 'run.runId' }] });
    expect(outcomes[2]).toMatchObject({ index: 2, errors: [{ path: '(event)' }] });
    expect((await store.listEvents({})).total).toBe(1);
  });

  it('resolves aliases declared earlier in a long call, across the chunks it is stored in', async () => {
    const store = getStore();
    const symlinked = symlinkedLoadEvent('0191a7c8-0000-7000-8000-000000000010');
    const readers = Array.from({ length: 600 }, (_, i) => ({
      ...baseEvent(`0191a7c8-0000-7000-8000-${String(100_000 + i).padStart(12, '0')}`, '2026-10-02T06:00:00Z'),
      job: { namespace: 'spark', name: `reader_${i}` },
      inputs: [{ namespace: 'file', name: '/warehouse/src' }],
    }));
    const outcomes = await ingestOpenLineage(store, [symlinked, ...readers], { strict: true });
    expect(outcomes.every((outcome) => outcome.status === 'accepted')).toBe(true);
    const edges = await store.listEdges({ nodeId: 'dataset:hive://metastore:default.src', direction: 'out' });
    expect(edges).toHaveLength(601);
    expect(await store.getNode('dataset:file:/warehouse/src')).toMatchObject({
      id: 'dataset:hive://metastore:default.src',
    });
  });

  it('stores an event repeated within one call once, reporting the repeat as a duplicate', async () => {
    const store = getStore();
    const event = readEvent('proxy-fluentd/event_simple.json');
    const outcomes = await ingestOpenLineage(store, [event, structuredClone(event)], { strict: true });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'duplicate']);
    expect(outcomes[1]?.seq).toBe(outcomes[0]?.seq);
  });

  it('reports a conflict the store raises for one event and lets other failures propagate', async () => {
    const store = getStore();
    const event = readEvent('proxy-fluentd/event_simple.json');
    const refusing = (error: Error): Store =>
      Object.create(store, {
        ingestBatch: { value: async (items: readonly unknown[]) => items.map(() => ({ status: 'failed', error })) },
      });
    const conflict = new ConflictError('version 7 of dataset:pg:t was recorded differently', { path: 'outputs[0]' });
    const outcomes = await ingestOpenLineage(refusing(conflict), [event], { strict: false });
    expect(outcomes).toEqual([
      { index: 0, status: 'rejected', warnings: [], errors: [{ path: 'outputs[0]', message: conflict.message }] },
    ]);
    await expect(ingestOpenLineage(refusing(new Error('SQLITE_IOERR')), [event], { strict: false })).rejects.toThrow(
      'SQLITE_IOERR',
    );
  });

  it('rejects hostile and malformed values one by one, storing nothing and naming each problem', async () => {
    const store = getStore();
    const valid = readEvent('proxy-fluentd/event_simple.json');
    const hostile: unknown[] = [
      null,
      [],
      42,
      {},
      { ...valid, run: 'not-an-object' },
      { ...valid, run: { runId: 123 } },
      { ...valid, eventTime: '9999-99-99T99:99:99Z' },
      { ...valid, eventType: 'DROP TABLE runs' },
      { ...valid, job: { namespace: 'n', name: 'x'.repeat(10_000) } },
      { ...valid, inputs: { namespace: 'n', name: 'not-an-array' } },
      { ...valid, outputs: [{ namespace: 'n' }] },
    ];
    const outcomes = await ingestOpenLineage(store, hostile, { strict: false });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(hostile.map(() => 'rejected'));
    expect(outcomes.map((outcome) => outcome.errors[0]?.path)).toEqual([
      '(event)',
      '(event)',
      '(event)',
      '(event)',
      'run',
      'run.runId',
      'eventTime',
      'eventType',
      'job.name',
      'inputs',
      'outputs[0].name',
    ]);
    expect((await store.listEvents({})).total).toBe(0);
    expect((await store.listNodes({})).total).toBe(0);
  });

  describe.each([
    ['airflow', 'compat_airflow'],
    ['spark', 'compat_spark_cll_create_table'],
    ['spark', 'compat_spark_dataproc_bigquery_shakespeare'],
    ['spark', 'compat_spark_dataproc_hive_insert'],
  ])('the %s scenario %s', (folder, prefix) => {
    const files = scenarioFiles(folder, prefix);
    const endStates = new Map<string, { runs: unknown; edges: unknown }>();

    it.each([
      ['in emission order', files],
      ['shuffled', shuffled(files, 7)],
      ['in reverse', [...files].reverse()],
    ])('merges the events %s into completed runs with every facet they carried', async (order, sequence) => {
      const store = getStore();
      const outcomes = await ingestOpenLineage(store, sequence.map(readEvent), { strict: true });
      expect(outcomes.filter((outcome) => outcome.status !== 'accepted')).toEqual([]);
      const { runs, edges } = await snapshot(store);
      expect(runs.every(([, state]) => state === 'COMPLETED')).toBe(true);
      expect(edges.length).toBeGreaterThan(0);
      // Every run ends; the CLL scenario has one run whose only event is its COMPLETE, so no startedAt.
      expect(runs.every(([, , , endedAt]) => endedAt !== null)).toBe(true);
      expect(runs.filter(([, , startedAt]) => startedAt !== null).length).toBeGreaterThan(0);
      for (const [runId, facetNames] of runFacetNames(files)) {
        const run = await store.getRun(runId);
        expect(Object.keys(run?.facets ?? {}).sort()).toEqual(facetNames);
      }
      endStates.set(order, { runs, edges });
    });

    it('ends with the same runs and open edges whatever the arrival order', () => {
      const states = [...endStates.values()];
      expect(states).toHaveLength(3);
      for (const state of states.slice(1)) expect(state).toEqual(states[0]);
    });
  });

  it('closes the edges of a dataset the job stops reading, and versions the output and the job', async () => {
    const store = getStore();
    const first = lineageEvent('0191a7c8-0000-7000-8000-000000000001', '2026-10-01T06:00:00Z', ['a', 'b']);
    const second = lineageEvent('0191a7c8-0000-7000-8000-000000000002', '2026-10-02T06:00:00Z', ['a']);
    const outcomes = await ingestOpenLineage(store, [first, second], { strict: true });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted']);

    const inputs = await store.listEdges({ nodeId: JOB, direction: 'in', includeClosed: true });
    const fromB = inputs.find((edge) => edge.source === dataset('b'));
    expect(fromB).toMatchObject({
      kind: 'INPUT',
      validFrom: '2026-10-01T06:00:00.000Z',
      validTo: '2026-10-02T06:00:00.000Z',
    });
    expect(inputs.find((edge) => edge.source === dataset('a'))?.validTo).toBeNull();
    expect((await store.listEdges({ nodeId: JOB, direction: 'in' })).map((edge) => edge.source)).toEqual([
      dataset('a'),
    ]);

    const derives = await store.listEdges({ nodeId: field('out', 'y'), direction: 'in', includeClosed: true });
    expect(derives).toMatchObject([{ kind: 'DERIVES', source: field('b', 'y'), validTo: '2026-10-02T06:00:00.000Z' }]);

    const versions = await store.listDatasetVersions(dataset('out'));
    expect(versions.items.map((version) => version.runId)).toEqual([
      '0191a7c8-0000-7000-8000-000000000002',
      '0191a7c8-0000-7000-8000-000000000001',
    ]);
    const jobVersions = await store.listJobVersions(JOB);
    expect(jobVersions.items.map((version) => version.inputs)).toEqual([[dataset('a')], [dataset('a'), dataset('b')]]);

    const then = await store.traverse({
      start: [dataset('out')],
      direction: 'upstream',
      depth: 5,
      level: 'dataset',
      asOf: '2026-10-01T12:00:00.000Z',
    });
    expect(then.nodes.map((entry) => entry.node.id)).toContain(dataset('b'));
    const now = await store.traverse({ start: [dataset('out')], direction: 'upstream', depth: 5, level: 'dataset' });
    expect(now.nodes.map((entry) => entry.node.id)).not.toContain(dataset('b'));
  });

  it('resolves a file path to the Hive table its symlink named in an earlier event', async () => {
    const store = getStore();
    const symlinked = { ...symlinkedLoadEvent('0191a7c8-0000-7000-8000-000000000003'), outputs: [] };
    const plain = {
      ...baseEvent('0191a7c8-0000-7000-8000-000000000004', '2026-10-02T06:00:00Z'),
      job: { namespace: 'spark', name: 'other' },
      inputs: [{ namespace: 'file', name: '/warehouse/src' }],
      outputs: [],
    };
    await ingestOpenLineage(store, [symlinked, plain], { strict: true });
    const readers = await store.listEdges({ nodeId: 'dataset:hive://metastore:default.src', direction: 'out' });
    expect(readers.map((edge) => edge.target).sort()).toEqual(['job:spark:load', 'job:spark:other']);
    expect(await store.resolveAliases(['dataset:file:/warehouse/src'])).toEqual(
      new Map([['dataset:file:/warehouse/src', 'dataset:hive://metastore:default.src']]),
    );
  });

  it('versions a dataset when a static event shows a new schema, not when it repeats one', async () => {
    const store = getStore();
    const schemaEvent = (time: string, columns: string[]) => ({
      eventTime: time,
      producer: 'https://example.com/test',
      dataset: { namespace: 'pg', name: 'orders', facets: { schema: { fields: columns.map((name) => ({ name })) } } },
    });
    await ingestOpenLineage(
      store,
      [
        schemaEvent('2026-10-01T00:00:00Z', ['id']),
        schemaEvent('2026-10-02T00:00:00Z', ['id', 'total']),
        schemaEvent('2026-10-03T00:00:00Z', ['id', 'total']),
      ],
      { strict: true },
    );
    const versions = await store.listDatasetVersions(dataset('orders'));
    expect(versions.items.map((version) => version.fields.map((f) => f.name))).toEqual([['id', 'total'], ['id']]);
    expect((await store.listFields(dataset('orders'))).map((node) => node.attributes.field)).toEqual(['id', 'total']);
  });

  it('binds a run to the input version its producer named', async () => {
    const store = getStore();
    const runId = '0191a7c8-0000-7000-8000-000000000005';
    const event = {
      ...baseEvent(runId, '2026-10-01T06:00:00Z'),
      job: { namespace: 'spark', name: 'merge' },
      inputs: [{ namespace: 'pg', name: 'delta_src', facets: { version: { datasetVersion: '41' } } }],
      outputs: [{ namespace: 'pg', name: 'delta_dst', facets: { version: { datasetVersion: '7' } } }],
    };
    await ingestOpenLineage(store, [event], { strict: true });
    const run = await store.getRun(runId);
    expect(run?.inputVersions).toEqual([{ datasetId: dataset('delta_src'), version: '41' }]);
    expect(run?.outputVersions).toEqual([{ datasetId: dataset('delta_dst'), version: '7' }]);
    expect(await store.getDatasetVersion(dataset('delta_src'), '41')).not.toBeNull();
    expect((await store.getDatasetVersion(dataset('delta_dst'), '7'))?.runId).toBe(runId);
  });
});

/** Every run facet name each run's events carried, accumulated over the run. */
function runFacetNames(files: readonly string[]): Map<string, string[]> {
  const names = new Map<string, Set<string>>();
  for (const event of files.map(readEvent)) {
    const run = event.run;
    if (typeof run !== 'object' || run === null || !('runId' in run) || typeof run.runId !== 'string') continue;
    const set = names.get(run.runId) ?? new Set<string>();
    const facets = 'facets' in run && typeof run.facets === 'object' && run.facets !== null ? run.facets : {};
    for (const name of Object.keys(facets)) set.add(name);
    names.set(run.runId, set);
  }
  return new Map([...names].map(([runId, set]) => [runId, [...set].sort()]));
}

const JOB = 'job:etl:daily';
const dataset = (name: string): string => `dataset:pg:${name}`;
const field = (name: string, column: string): string => `datasetField:pg:${name}:${column}`;

function baseEvent(runId: string, eventTime: string) {
  return { eventType: 'COMPLETE', eventTime, producer: 'https://example.com/test', run: { runId } };
}

/** A Spark job reading the file /warehouse/src, whose symlink names the Hive table default.src. */
function symlinkedLoadEvent(runId: string) {
  return {
    ...baseEvent(runId, '2026-10-01T06:00:00Z'),
    job: { namespace: 'spark', name: 'load' },
    inputs: [
      {
        namespace: 'file',
        name: '/warehouse/src',
        facets: {
          symlinks: { identifiers: [{ namespace: 'hive://metastore', name: 'default.src', type: 'TABLE' }] },
        },
      },
    ],
  };
}

function lineageEvent(runId: string, eventTime: string, reads: readonly string[]) {
  const fields = Object.fromEntries(
    reads.map((name) => [
      name === 'a' ? 'x' : 'y',
      { inputFields: [{ namespace: 'pg', name, field: name === 'a' ? 'x' : 'y' }] },
    ]),
  );
  return {
    ...baseEvent(runId, eventTime),
    job: { namespace: 'etl', name: 'daily' },
    inputs: reads.map((name) => ({ namespace: 'pg', name })),
    outputs: [{ namespace: 'pg', name: 'out', facets: { columnLineage: { fields } } }],
  };
}
