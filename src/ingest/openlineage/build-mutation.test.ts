import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../model/mutation.js';
import { buildMutation } from './build-mutation.js';
import { columnLineageFromFacets } from './column-lineage.js';
import { createDatasetResolver, type DatasetRef, declaredAliases, resolvedAliases } from './dataset-identity.js';
import { parseOpenLineageEvent } from './parse-event.js';

const RUN = '0191a7c8-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const PG = 'postgres://db:5432';
const JOB = 'job:scheduler:daily.totals';

function mutationOf(raw: unknown, stored: ReadonlyMap<string, DatasetRef> = new Map()): Mutation {
  const parsed = parseOpenLineageEvent(raw);
  if (!parsed.event) throw new Error(JSON.stringify(parsed.errors));
  const declared = declaredAliases(parsed.event);
  return buildMutation(parsed.event, {
    resolve: createDatasetResolver(declared, stored),
    aliases: resolvedAliases(declared.aliases, stored),
    columnLineage: columnLineageFromFacets(parsed.event),
  });
}

function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-10-02T06:00:00Z',
    producer: 'https://example.com/producer',
    run: { runId: RUN },
    job: { namespace: 'scheduler', name: 'daily.totals' },
    inputs: [{ namespace: PG, name: 'public.orders' }],
    outputs: [{ namespace: PG, name: 'public.totals' }],
    ...overrides,
  };
}

const node = (mutation: Mutation, id: string) => mutation.nodes.find((candidate) => candidate.id === id);

describe('buildMutation', () => {
  it('turns schema fields, nested ones flattened to dotted names, into field nodes', () => {
    const schema = {
      fields: [
        { name: 'id', type: 'BIGINT', description: 'order id' },
        { name: 'address', type: 'STRUCT', fields: [{ name: 'city', type: 'VARCHAR' }] },
      ],
    };
    const mutation = mutationOf(event({ outputs: [{ namespace: PG, name: 'public.totals', facets: { schema } }] }));
    const fields = mutation.nodes.filter((n) => n.kind === 'datasetField');
    expect(fields.map((n) => n.id)).toEqual([
      `datasetField:${PG}:public.totals:id`,
      `datasetField:${PG}:public.totals:address`,
      `datasetField:${PG}:public.totals:address.city`,
    ]);
    expect(fields[0]).toMatchObject({
      namespace: PG,
      name: 'public.totals',
      description: 'order id',
      attributes: { field: 'id', type: 'BIGINT', description: 'order id', ordinal: 1 },
    });
    expect(fields[2]?.attributes).toEqual({ field: 'address.city', type: 'VARCHAR', ordinal: 3 });
    expect(fields[2]).not.toHaveProperty('description');
    expect(mutation.datasetVersions[0]?.fields).toEqual([
      { name: 'id', type: 'BIGINT', description: 'order id' },
      { name: 'address', type: 'STRUCT', fields: [{ name: 'city', type: 'VARCHAR' }] },
    ]);
  });

  it('records the job with its type, documentation, owners and tags', () => {
    const facets = {
      jobType: { processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' },
      documentation: { description: 'sums orders per day' },
      ownership: { owners: [{ name: 'team:finance', type: 'TEAM' }] },
      tags: {
        tags: [
          { key: 'tier', value: 'gold' },
          { key: 'pii', value: '' },
        ],
      },
    };
    const mutation = mutationOf(event({ job: { namespace: 'scheduler', name: 'daily.totals', facets } }));
    expect(node(mutation, JOB)).toMatchObject({
      kind: 'job',
      subtype: 'TASK',
      description: 'sums orders per day',
      owners: [{ name: 'team:finance', type: 'TEAM' }],
      tags: ['tier:gold', 'pii'],
      attributes: { processingType: 'BATCH', integration: 'AIRFLOW' },
      facets,
    });
  });

  it('scopes INPUT and OUTPUT edges to the job and replaces them when the run completes', () => {
    const mutation = mutationOf(event());
    expect(mutation.edgeSets).toEqual([
      {
        scope: JOB,
        at: '2026-10-02T06:00:00.000Z',
        mode: 'replace',
        runId: RUN,
        edges: [
          expect.objectContaining({ kind: 'INPUT', source: `dataset:${PG}:public.orders`, target: JOB }),
          expect.objectContaining({ kind: 'OUTPUT', source: JOB, target: `dataset:${PG}:public.totals` }),
        ],
      },
    ]);
  });

  it('only adds edges for START and RUNNING, and states nothing for an event without datasets', () => {
    expect(mutationOf(event({ eventType: 'START' })).edgeSets[0]?.mode).toBe('merge');
    expect(mutationOf(event({ eventType: 'RUNNING' })).edgeSets[0]?.mode).toBe('merge');
    expect(mutationOf(event({ inputs: [], outputs: [] })).edgeSets).toEqual([]);
  });

  it('builds DERIVES edges from columnLineage with transformations, scoped to job and output', () => {
    const columnLineage = {
      fields: {
        total: {
          inputFields: [
            {
              namespace: PG,
              name: 'public.orders',
              field: 'amount',
              transformations: [
                { type: 'DIRECT', subtype: 'AGGREGATION', description: '', masking: false },
                { type: 'INDIRECT', subtype: 'GROUP_BY' },
              ],
            },
          ],
        },
        email_hash: {
          inputFields: [
            {
              namespace: PG,
              name: 'public.orders',
              field: 'email',
              transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
            },
          ],
        },
      },
      dataset: [
        {
          namespace: PG,
          name: 'public.orders',
          field: 'status',
          transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
        },
      ],
    };
    const mutation = mutationOf(
      event({ outputs: [{ namespace: PG, name: 'public.totals', facets: { columnLineage } }] }),
    );
    const derives = mutation.edgeSets.find((set) => set.scope === `${JOB}|dataset:${PG}:public.totals`);
    expect(derives).toMatchObject({ mode: 'replace', runId: RUN });
    expect(derives?.edges).toEqual([
      {
        kind: 'DERIVES',
        source: `datasetField:${PG}:public.orders:amount`,
        target: `datasetField:${PG}:public.totals:total`,
        origin: 'facet',
        via: JOB,
        transformations: [
          { type: 'DIRECT', subtype: 'AGGREGATION', masking: false },
          { type: 'INDIRECT', subtype: 'GROUP_BY' },
        ],
        attributes: {},
      },
      expect.objectContaining({
        source: `datasetField:${PG}:public.orders:email`,
        target: `datasetField:${PG}:public.totals:email_hash`,
        transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
      }),
      expect.objectContaining({
        source: `datasetField:${PG}:public.orders:status`,
        target: `dataset:${PG}:public.totals`,
        transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
      }),
    ]);
    expect(node(mutation, `datasetField:${PG}:public.orders:status`)).toMatchObject({
      attributes: { field: 'status' },
    });
  });

  it('reads the older columnLineage form that describes the transformation per output field', () => {
    const columnLineage = {
      fields: {
        a: {
          inputFields: [{ namespace: 'bq', name: 'p.t.upload', field: 'a', transformations: [] }],
          transformationDescription: 'identical',
          transformationType: 'IDENTITY',
        },
        b: { inputFields: [{ namespace: 'bq', name: 'p.t.upload', field: 'b' }], transformationType: '' },
      },
    };
    const mutation = mutationOf(event({ outputs: [{ namespace: 'bq', name: 'p.t.copy', facets: { columnLineage } }] }));
    const edges = mutation.edgeSets.flatMap((set) => set.edges).filter((edge) => edge.kind === 'DERIVES');
    expect(edges.map((edge) => edge.transformations)).toEqual([
      [{ type: 'DIRECT', subtype: 'IDENTITY', description: 'identical' }],
      [],
    ]);
  });

  it('records a written version for each output of a completed run, with a deterministic id', () => {
    const first = mutationOf(event());
    const again = mutationOf(event());
    const version = first.datasetVersions.find((v) => v.datasetId === `dataset:${PG}:public.totals`);
    expect(version).toMatchObject({ reason: 'write', runId: RUN, fields: null, createdAt: '2026-10-02T06:00:00.000Z' });
    expect(version?.version).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again.datasetVersions).toEqual(first.datasetVersions);
    expect(first.runs[0]?.outputVersions).toEqual([
      { datasetId: `dataset:${PG}:public.totals`, version: version?.version },
    ]);
    expect(mutationOf(event({ eventType: 'START' })).datasetVersions).toEqual([]);
  });

  it("uses the producer's version facet and binds the run to the input version it read", () => {
    const mutation = mutationOf(
      event({
        inputs: [{ namespace: 's3://lake', name: 'events', facets: { version: { datasetVersion: '41' } } }],
        outputs: [{ namespace: 's3://lake', name: 'daily', facets: { version: { datasetVersion: '7' } } }],
      }),
    );
    expect(mutation.runs[0]).toMatchObject({
      inputVersions: [{ datasetId: 'dataset:s3://lake:events', version: '41' }],
      outputVersions: [{ datasetId: 'dataset:s3://lake:daily', version: '7' }],
    });
    expect(mutation.datasetVersions[0]?.runId).toBeNull();
    expect(mutation.datasetVersions.map((v) => [v.datasetId, v.reason, v.version])).toEqual([
      ['dataset:s3://lake:events', 'write', '41'],
      ['dataset:s3://lake:daily', 'write', '7'],
    ]);
  });

  it('keeps both the version read and the version written of a table a run updates in place', () => {
    const mutation = mutationOf(
      event({
        inputs: [{ namespace: 's3://lake', name: 'events', facets: { version: { datasetVersion: '3' } } }],
        outputs: [{ namespace: 's3://lake', name: 'events', facets: { version: { datasetVersion: '4' } } }],
      }),
    );
    expect(mutation.datasetVersions.map((v) => [v.version, v.runId])).toEqual([
      ['3', null],
      ['4', RUN],
    ]);
  });

  it('records an input schema as first seen only, without claiming the run wrote it', () => {
    const schema = { fields: [{ name: 'id', type: 'INT' }] };
    const mutation = mutationOf(event({ inputs: [{ namespace: PG, name: 'public.orders', facets: { schema } }] }));
    expect(mutation.datasetVersions[0]).toMatchObject({
      datasetId: `dataset:${PG}:public.orders`,
      reason: 'first-seen',
      runId: null,
      fields: [{ name: 'id', type: 'INT' }],
    });
  });

  it('records a job version with sorted inputs, outputs and SQL when a run completes', () => {
    const mutation = mutationOf(
      event({
        job: {
          namespace: 'scheduler',
          name: 'daily.totals',
          facets: { sql: { query: 'INSERT INTO totals SELECT 1' } },
        },
        inputs: [
          { namespace: PG, name: 'public.z' },
          { namespace: PG, name: 'public.a' },
        ],
      }),
    );
    expect(mutation.jobVersions).toEqual([
      {
        jobId: JOB,
        createdAt: '2026-10-02T06:00:00.000Z',
        inputs: [`dataset:${PG}:public.a`, `dataset:${PG}:public.z`],
        outputs: [`dataset:${PG}:public.totals`],
        sql: 'INSERT INTO totals SELECT 1',
        facets: { sql: { query: 'INSERT INTO totals SELECT 1' } },
        diagnostics: [],
      },
    ]);
    expect(mutationOf(event({ eventType: 'START' })).jobVersions).toEqual([]);
  });

  it('turns dataQualityAssertions into pass and fail results, on the column when one is named', () => {
    const dataQualityAssertions = {
      assertions: [
        { assertion: 'not_null', success: true, column: 'id', severity: 'error' },
        { assertion: 'row_count_above', success: false, expected: '> 0', actual: '0' },
      ],
    };
    const mutation = mutationOf(
      event({ inputs: [{ namespace: PG, name: 'public.orders', inputFacets: { dataQualityAssertions } }] }),
    );
    expect(mutation.assertionResults).toEqual([
      {
        nodeId: `datasetField:${PG}:public.orders:id`,
        assertion: 'not_null',
        status: 'pass',
        at: '2026-10-02T06:00:00.000Z',
        runId: RUN,
        severity: 'error',
        details: { assertion: 'not_null', column: 'id' },
      },
      expect.objectContaining({
        nodeId: `dataset:${PG}:public.orders`,
        status: 'fail',
        details: { assertion: 'row_count_above', expected: '> 0', actual: '0' },
      }),
    ]);
    expect(node(mutation, `datasetField:${PG}:public.orders:id`)).toBeDefined();
  });

  it('puts ownership, documentation and dataset tags on the dataset and column tags on the column', () => {
    const facets = {
      ownership: { owners: [{ name: 'alice' }] },
      documentation: { description: 'orders as placed' },
      tags: {
        tags: [
          { key: 'domain', value: 'sales' },
          { key: 'pii', value: 'email', field: 'email' },
        ],
      },
      dataSource: { name: 'orders-db', uri: PG },
    };
    const mutation = mutationOf(event({ inputs: [{ namespace: PG, name: 'public.orders', facets }] }));
    expect(node(mutation, `dataset:${PG}:public.orders`)).toMatchObject({
      owners: [{ name: 'alice' }],
      description: 'orders as placed',
      tags: ['domain:sales'],
      attributes: { dataSource: { name: 'orders-db', uri: PG } },
      facets,
    });
    expect(node(mutation, `datasetField:${PG}:public.orders:email`)).toMatchObject({ tags: ['pii:email'] });
    const columnTagsOnly = { tags: { tags: [{ key: 'pii', value: 'email', field: 'email' }] } };
    const columnOnly = mutationOf(
      event({ inputs: [{ namespace: PG, name: 'public.orders', facets: columnTagsOnly }] }),
    );
    expect(node(columnOnly, `dataset:${PG}:public.orders`)).not.toHaveProperty('tags');
  });

  it('marks a dropped dataset deleted and a recreated one alive', () => {
    const drop = { lifecycleStateChange: { lifecycleStateChange: 'DROP' } };
    const dropped = mutationOf(event({ outputs: [{ namespace: PG, name: 'public.totals', facets: drop }] }));
    expect(node(dropped, `dataset:${PG}:public.totals`)?.deletedAt).toBe('2026-10-02T06:00:00.000Z');
    expect(dropped.datasetVersions[0]?.lifecycleState).toBe('DROP');
    const create = { lifecycleStateChange: { lifecycleStateChange: 'CREATE' } };
    const created = mutationOf(event({ outputs: [{ namespace: PG, name: 'public.totals', facets: create }] }));
    expect(node(created, `dataset:${PG}:public.totals`)?.deletedAt).toBeNull();
  });

  it('merges run facets into one observation: nominal time, parent, error message', () => {
    const mutation = mutationOf(
      event({
        eventType: 'FAIL',
        run: {
          runId: RUN,
          facets: {
            nominalTime: { nominalStartTime: '2026-10-02T00:00:00+02:00', nominalEndTime: '2026-10-03T00:00:00Z' },
            parent: {
              run: { runId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8' },
              job: { namespace: 'scheduler', name: 'daily' },
            },
            errorMessage: { message: 'division by zero', programmingLanguage: 'SQL' },
          },
        },
      }),
    );
    expect(mutation.runs[0]).toMatchObject({
      runId: RUN,
      jobId: JOB,
      eventType: 'FAIL',
      nominalStartTime: '2026-10-01T22:00:00.000Z',
      nominalEndTime: '2026-10-03T00:00:00.000Z',
      parentRunId: '3f5e83fa-3480-44ff-99c5-ff943904e5e8',
      errorMessage: 'division by zero',
    });
    expect(node(mutation, JOB)?.attributes).toEqual({ parentJobId: 'job:scheduler:daily' });
    expect(node(mutation, 'job:scheduler:daily')).toMatchObject({ kind: 'job' });
    expect(mutation.datasetVersions).toEqual([]);
  });

  it('resolves a Spark file path to the Hive table its TABLE symlink names, everywhere in the event', () => {
    const symlinks = (name: string) => ({ identifiers: [{ namespace: 'hive://metastore', name, type: 'TABLE' }] });
    const columnLineage = {
      fields: { id: { inputFields: [{ namespace: 'file', name: '/warehouse/src', field: 'id' }] } },
    };
    const mutation = mutationOf(
      event({
        inputs: [{ namespace: 'file', name: '/warehouse/src', facets: { symlinks: symlinks('default.src') } }],
        outputs: [
          { namespace: 'file', name: '/warehouse/dst', facets: { symlinks: symlinks('default.dst'), columnLineage } },
        ],
      }),
    );
    expect(mutation.aliases).toEqual([
      { alias: 'dataset:file:/warehouse/src', canonical: 'dataset:hive://metastore:default.src' },
      { alias: 'dataset:file:/warehouse/dst', canonical: 'dataset:hive://metastore:default.dst' },
    ]);
    const ids = mutation.edgeSets.flatMap((set) => set.edges.flatMap((edge) => [edge.source, edge.target]));
    expect(ids.some((id) => id.includes('/warehouse/'))).toBe(false);
    expect(mutation.nodes.some((n) => n.id.includes('/warehouse/'))).toBe(false);
    expect(mutation.edgeSets.map((set) => set.scope)).toEqual([JOB, `${JOB}|dataset:hive://metastore:default.dst`]);
    expect(node(mutation, 'dataset:hive://metastore:default.src')).toMatchObject({
      namespace: 'hive://metastore',
      name: 'default.src',
    });
  });

  it('keeps a Hive table canonical and makes its LOCATION symlink the alias', () => {
    const facets = { symlinks: { identifiers: [{ namespace: 'file', name: '/opt/hive/t1', type: 'LOCATION' }] } };
    const mutation = mutationOf(event({ inputs: [{ namespace: 'hive://localhost:9083', name: 'test.t1', facets }] }));
    expect(mutation.aliases).toEqual([
      { alias: 'dataset:file:/opt/hive/t1', canonical: 'dataset:hive://localhost:9083:test.t1' },
    ]);
  });

  it('resolves datasets through aliases the store already knows', () => {
    const stored = new Map([
      [
        'dataset:file:/warehouse/src',
        { id: 'dataset:hive://metastore:default.src', namespace: 'hive://metastore', name: 'default.src' },
      ],
    ]);
    const mutation = mutationOf(event({ inputs: [{ namespace: 'file', name: '/warehouse/src' }] }), stored);
    expect(mutation.edgeSets[0]?.edges[0]).toMatchObject({
      kind: 'INPUT',
      source: 'dataset:hive://metastore:default.src',
    });
    expect(mutation.aliases).toEqual([]);
  });

  it('records a static DatasetEvent as nodes and an observed version, without edges or runs', () => {
    const mutation = mutationOf({
      eventTime: '2026-10-02T06:00:00Z',
      producer: 'p',
      dataset: { namespace: PG, name: 'public.orders', facets: { schema: { fields: [{ name: 'id' }] } } },
    });
    expect(mutation.edgeSets).toEqual([]);
    expect(mutation.runs).toEqual([]);
    expect(mutation.datasetVersions).toMatchObject([{ reason: 'observe', fields: [{ name: 'id' }] }]);
    expect(mutation.nodes.map((n) => n.id)).toEqual([
      `dataset:${PG}:public.orders`,
      `datasetField:${PG}:public.orders:id`,
    ]);
  });

  it('treats a JobEvent as the full shape of the job, without a run', () => {
    const mutation = mutationOf({
      eventTime: '2026-10-02T06:00:00Z',
      producer: 'p',
      job: { namespace: 'scheduler', name: 'daily.totals' },
      inputs: [{ namespace: PG, name: 'public.orders' }],
      outputs: [],
    });
    expect(mutation.edgeSets).toMatchObject([{ scope: JOB, mode: 'replace', runId: null }]);
    expect(mutation.jobVersions).toHaveLength(1);
    expect(mutation.runs).toEqual([]);
  });

  it('merges a dataset named as both input and output into one node', () => {
    const mutation = mutationOf(
      event({
        inputs: [{ namespace: PG, name: 'public.t', facets: { documentation: { description: 'in' } } }],
        outputs: [{ namespace: PG, name: 'public.t', facets: { ownership: { owners: [{ name: 'bob' }] } } }],
      }),
    );
    const datasets = mutation.nodes.filter((n) => n.kind === 'dataset');
    expect(datasets).toHaveLength(1);
    expect(datasets[0]).toMatchObject({ description: 'in', owners: [{ name: 'bob' }] });
  });

  it('does not interpret a facet that failed its schema, but keeps it raw', () => {
    const ownership = { owners: [{ 'no-name': 'x' }] };
    const mutation = mutationOf(event({ outputs: [{ namespace: PG, name: 'public.totals', facets: { ownership } }] }));
    const output = node(mutation, `dataset:${PG}:public.totals`);
    expect(output?.owners).toBeUndefined();
    expect(output?.facets).toEqual({ ownership });
  });
});
