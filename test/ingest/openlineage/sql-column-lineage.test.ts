import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestOpenLineage } from '../../../src/ingest/openlineage/ingest-openlineage.js';
import { fieldId, jobId } from '../../../src/model/node-id.js';
import type { Store } from '../../../src/store/store.js';
import { forEachEngine } from '../../helpers/stores.js';
import { completeEvent, EVENTS_DIR, readEvent } from './corpus-events.js';

const NS = 'postgres://db:5432';
const PRODUCER = 'https://example.com/test-producer';
const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

function facet(body: Record<string, unknown>) {
  return { _producer: PRODUCER, _schemaURL: 'https://openlineage.io/spec/facets/1-0-0/Facet.json', ...body };
}

function dataset(name: string, fields?: string[], extra: Record<string, unknown> = {}) {
  const facets: Record<string, unknown> = { ...extra };
  if (fields) facets.schema = facet({ fields: fields.map((f) => ({ name: f, type: 'text' })) });
  return { namespace: NS, name, facets };
}

function runEvent(options: { job: string; sql?: string; inputs?: unknown[]; outputs?: unknown[]; time?: string }) {
  return {
    eventType: 'COMPLETE',
    eventTime: options.time ?? '2026-11-01T10:00:00Z',
    run: { runId: randomUUID(), facets: {} },
    job: {
      namespace: 'etl',
      name: options.job,
      facets: options.sql ? { sql: facet({ query: options.sql }) } : {},
    },
    inputs: options.inputs ?? [],
    outputs: options.outputs ?? [],
    producer: PRODUCER,
    schemaURL: SCHEMA_URL,
  };
}

async function derivesInto(store: Store, name: string, field: string): Promise<string[]> {
  const edges = await store.listEdges({ nodeId: fieldId(NS, name, field), direction: 'in' });
  return edges
    .filter((e) => e.kind === 'DERIVES')
    .map((e) => `${e.source} [${e.origin}] ${e.transformations.map((t) => t.subtype).join('+')}`)
    .sort();
}

/** A job writing raw.items with a schema, and a later job copying it with `SELECT *`. */
function itemsWriterAndStarReader() {
  return {
    writer: runEvent({
      job: 'load_items',
      outputs: [dataset('raw.items', ['sku', 'title'])],
      time: '2026-11-01T09:00:00Z',
    }),
    reader: runEvent({
      job: 'copy_items',
      sql: 'CREATE TABLE mart.items AS SELECT * FROM raw.items',
      inputs: [dataset('raw.items')],
      outputs: [dataset('mart.items')],
    }),
  };
}

forEachEngine('column lineage derived from the sql job facet', (getStore) => {
  it('derives DERIVES edges with origin sql when the event has no columnLineage facet', async () => {
    const store = getStore();
    const event = runEvent({
      job: 'daily_revenue',
      sql: 'INSERT INTO mart.revenue SELECT sku, sum(price) AS total FROM orders GROUP BY sku',
      inputs: [dataset('shop.public.orders', ['sku', 'price'])],
      outputs: [dataset('mart.revenue', ['sku', 'total'])],
    });
    const [outcome] = await ingestOpenLineage(store, [event], { strict: false });
    expect(outcome?.status).toBe('accepted');
    expect(await derivesInto(store, 'mart.revenue', 'total')).toEqual([
      `${fieldId(NS, 'shop.public.orders', 'price')} [sql] AGGREGATION`,
    ]);
    expect(await derivesInto(store, 'mart.revenue', 'sku')).toEqual([
      `${fieldId(NS, 'shop.public.orders', 'sku')} [sql] IDENTITY`,
    ]);
  });

  it("keeps the producer's columnLineage facet over SQL-derived lineage", async () => {
    const store = getStore();
    const lineage = facet({
      fields: {
        total: {
          inputFields: [
            {
              namespace: NS,
              name: 'shop.public.orders',
              field: 'amount',
              transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }],
            },
          ],
        },
      },
    });
    const event = runEvent({
      job: 'daily_revenue',
      sql: 'INSERT INTO mart.revenue SELECT sku, sum(price) AS total FROM orders GROUP BY sku',
      inputs: [dataset('shop.public.orders', ['sku', 'price', 'amount'])],
      outputs: [dataset('mart.revenue', ['sku', 'total'], { columnLineage: lineage })],
    });
    await ingestOpenLineage(store, [event], { strict: false });
    expect(await derivesInto(store, 'mart.revenue', 'total')).toEqual([
      `${fieldId(NS, 'shop.public.orders', 'amount')} [facet] AGGREGATION`,
    ]);
    expect(await derivesInto(store, 'mart.revenue', 'sku')).toEqual([]);
  });

  it('expands SELECT * from the schema the store holds as of the event time', async () => {
    const store = getStore();
    const { writer, reader } = itemsWriterAndStarReader();
    await ingestOpenLineage(store, [writer], { strict: false });
    const [outcome] = await ingestOpenLineage(store, [reader], { strict: false });
    expect(outcome?.status).toBe('accepted');
    expect(await derivesInto(store, 'mart.items', 'title')).toEqual([
      `${fieldId(NS, 'raw.items', 'title')} [sql] IDENTITY`,
    ]);
  });

  it('expands SELECT * from a schema written earlier in the same batch', async () => {
    const store = getStore();
    const { writer, reader } = itemsWriterAndStarReader();
    const outcomes = await ingestOpenLineage(store, [writer, reader], { strict: false });
    expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted']);
    expect(await derivesInto(store, 'mart.items', 'sku')).toEqual([
      `${fieldId(NS, 'raw.items', 'sku')} [sql] IDENTITY`,
    ]);
  });

  it('resolves tables the event does not name into the namespace of its outputs', async () => {
    const store = getStore();
    const event = runEvent({
      job: 'enrich',
      sql: 'INSERT INTO mart.t SELECT l.a FROM lookup l',
      outputs: [dataset('mart.t', ['a'])],
    });
    await ingestOpenLineage(store, [event], { strict: false });
    expect(await derivesInto(store, 'mart.t', 'a')).toEqual([`${fieldId(NS, 'lookup', 'a')} [sql] IDENTITY`]);
  });

  it('records SQL that does not parse as a diagnostic on the job version and still accepts the event', async () => {
    const store = getStore();
    const event = runEvent({
      job: 'broken',
      sql: 'INSERT INTO mart.t SELECT a FROM raw.s WHERE (',
      inputs: [dataset('raw.s', ['a'])],
      outputs: [dataset('mart.t', ['a'])],
    });
    const [outcome] = await ingestOpenLineage(store, [event], { strict: false });
    expect(outcome?.status).toBe('accepted');
    const version = await store.getJobVersionAt(jobId('etl', 'broken'));
    expect(version?.diagnostics.map((d) => d.code)).toContain('sql_parse_error');
    expect(version?.diagnostics[0]?.path).toMatch(/^sql:1:\d+$/);
  });

  it('derives lineage only into outputs the event names', async () => {
    const store = getStore();
    const start = {
      ...runEvent({ job: 'early', sql: 'INSERT INTO mart.t SELECT a FROM raw.s', inputs: [dataset('raw.s', ['a'])] }),
      eventType: 'START',
    };
    const [outcome] = await ingestOpenLineage(store, [start], { strict: false });
    expect(outcome?.status).toBe('accepted');
    expect(await store.getNode(fieldId(NS, 'mart.t', 'a'))).toBeNull();
  });

  it('derives nothing when SQL analysis is turned off', async () => {
    const store = getStore();
    const event = runEvent({
      job: 'daily_revenue',
      sql: 'INSERT INTO mart.revenue SELECT sku FROM orders',
      inputs: [dataset('orders', ['sku'])],
      outputs: [dataset('mart.revenue', ['sku'])],
    });
    await ingestOpenLineage(store, [event], { strict: false, analyzeSql: false });
    expect(await derivesInto(store, 'mart.revenue', 'sku')).toEqual([]);
  });
});

describe('dialect choice for SQL-derived lineage', () => {
  it('reads the dialect from the namespace scheme when the sql facet names none', async () => {
    const seen: string[] = [];
    const { deriveSqlColumnLineage } = await import('../../../src/ingest/openlineage/sql-column-lineage.js');
    const { parseOpenLineageEvent } = await import('../../../src/ingest/openlineage/parse-event.js');
    const raw = { ...runEvent({ job: 'j', sql: 'SELECT 1', outputs: [dataset('t')] }) };
    raw.outputs = [{ namespace: 'snowflake://acme', name: 'DB.S.T', facets: {} }];
    const parsed = parseOpenLineageEvent(raw).event;
    if (!parsed) throw new Error('event did not parse');
    const fakeStore = { getDatasetVersionAt: async () => null } as unknown as Store;
    await deriveSqlColumnLineage(fakeStore, parsed, [], (_sql, options) => {
      seen.push(options.dialect);
      return { dialect: options.dialect, outputs: [], inputs: [], statements: [], diagnostics: [] };
    });
    expect(seen).toEqual(['snowflake']);
  });

  it('notes a dialect the analyzer does not know and analyzes with the next best one', async () => {
    const { deriveSqlColumnLineage } = await import('../../../src/ingest/openlineage/sql-column-lineage.js');
    const { parseOpenLineageEvent } = await import('../../../src/ingest/openlineage/parse-event.js');
    const raw = runEvent({ job: 'j', sql: 'INSERT INTO t SELECT a FROM s', outputs: [dataset('t')] });
    raw.job.facets = { sql: facet({ query: 'INSERT INTO t SELECT a FROM s', dialect: 'klingon' }) };
    const parsed = parseOpenLineageEvent(raw).event;
    if (!parsed) throw new Error('event did not parse');
    const fakeStore = { getDatasetVersionAt: async () => null } as unknown as Store;
    const derived = await deriveSqlColumnLineage(fakeStore, parsed, []);
    expect(derived.diagnostics.map((d) => d.code)).toEqual(['sql_unknown_dialect']);
    expect(derived.lineage.map((l) => l.name)).toEqual(['t']);
  });
});

interface ExpectedField {
  namespace: string;
  name: string;
  field: string;
}

interface HiveOutput {
  namespace: string;
  name: string;
  facets?: { columnLineage?: { fields: Record<string, { inputFields: ExpectedField[] }> } };
}

/** Hive events whose outputs carry the columnLineage Hive computed, next to the HiveQL it ran. */
const HIVE_EVENTS = readdirSync(join(EVENTS_DIR, 'hive'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, raw: readEvent(`hive/${file}`) }))
  .filter(({ raw }) => JSON.stringify(raw).includes('"columnLineage"') && JSON.stringify(raw).includes('"sql"'));

forEachEngine(
  'SQL-derived lineage reproduces the Hive events once their columnLineage facet is removed',
  (getStore) => {
    for (const { file, raw } of HIVE_EVENTS) {
      it(`derives the expected column edges for ${file}`, async () => {
        const store = getStore();
        const event = completeEvent(raw, file);
        const outputs = (event.outputs ?? []) as HiveOutput[];
        const expected = outputs.flatMap((o) =>
          Object.entries(o.facets?.columnLineage?.fields ?? {}).map(([field, { inputFields }]) => ({
            target: fieldId(o.namespace, o.name, field),
            sources: inputFields.map((i) => fieldId(i.namespace, i.name, i.field)).sort(),
          })),
        );
        event.outputs = outputs.map((o) => {
          const { columnLineage: _dropped, ...facets } = o.facets ?? {};
          return { ...o, facets };
        });
        const [outcome] = await ingestOpenLineage(store, [event], { strict: false });
        expect(outcome?.status).toBe('accepted');
        for (const { target, sources } of expected) {
          const edges = await store.listEdges({ nodeId: target, direction: 'in' });
          const derived = edges.filter((e) => e.kind === 'DERIVES' && e.origin === 'sql').map((e) => e.source);
          expect([...new Set(derived)].sort(), target).toEqual(sources);
        }
      });
    }
  },
);
