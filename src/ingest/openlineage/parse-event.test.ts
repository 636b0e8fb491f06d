import { describe, expect, it } from 'vitest';
import { parseOpenLineageEvent } from './parse-event.js';

const RUN_ID = '41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7';

function runEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-10-02T06:00:00Z',
    producer: 'https://example.com/producer',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: RUN_ID },
    job: { namespace: 'scheduler', name: 'daily.load' },
    inputs: [{ namespace: 'postgres://db:5432', name: 'public.orders' }],
    outputs: [{ namespace: 'postgres://db:5432', name: 'public.order_totals' }],
    ...overrides,
  };
}

describe('parseOpenLineageEvent', () => {
  it('accepts a well-formed RunEvent with canonical time and no issues', () => {
    const result = parseOpenLineageEvent(runEvent());
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.event).toMatchObject({ kind: 'run', eventType: 'COMPLETE', eventTime: '2026-10-02T06:00:00.000Z' });
  });

  it('rejects an event without runId, naming the path', () => {
    const result = parseOpenLineageEvent(runEvent({ run: {} }));
    expect(result.event).toBeNull();
    expect(result.errors).toEqual([{ path: 'run.runId', message: 'is required (expected string)' }]);
  });

  it('names the path of every core problem at once', () => {
    const result = parseOpenLineageEvent(
      runEvent({ eventType: 'FINISHED', producer: 42, job: { namespace: 'x' }, inputs: [{ namespace: 'n', name: 7 }] }),
    );
    expect(result.event).toBeNull();
    expect(result.errors.map((issue) => issue.path).sort()).toEqual([
      'eventType',
      'inputs[0].name',
      'job.name',
      'producer',
    ]);
    expect(result.errors.find((issue) => issue.path === 'eventType')?.message).toContain('START, RUNNING, COMPLETE');
  });

  it('rejects an unparsable eventTime', () => {
    const result = parseOpenLineageEvent(runEvent({ eventTime: 'last tuesday' }));
    expect(result.event).toBeNull();
    expect(result.errors).toEqual([
      { path: 'eventTime', message: expect.stringContaining('not an RFC 3339 date-time') },
    ]);
  });

  it('rejects values that are not events', () => {
    for (const value of [null, 'event', 42, [runEvent()]]) {
      expect(parseOpenLineageEvent(value).errors).toEqual([
        { path: '(event)', message: 'an event must be a JSON object' },
      ]);
    }
    expect(parseOpenLineageEvent({ eventTime: '2026-10-02T06:00:00Z', producer: 'p' }).errors[0]?.message).toContain(
      'neither a RunEvent',
    );
  });

  it('rejects empty and oversized names', () => {
    const result = parseOpenLineageEvent(runEvent({ job: { namespace: '', name: 'x'.repeat(5000) } }));
    expect(result.errors.map((issue) => issue.path).sort()).toEqual(['job.name', 'job.namespace']);
  });

  it('tells DatasetEvents and JobEvents apart from RunEvents', () => {
    const dataset = parseOpenLineageEvent({
      eventTime: '2026-10-02T06:00:00Z',
      producer: 'p',
      dataset: { namespace: 'warehouse', name: 'orders' },
    });
    expect(dataset.event?.kind).toBe('dataset');
    const job = parseOpenLineageEvent({
      eventTime: '2026-10-02T06:00:00Z',
      producer: 'p',
      job: { namespace: 'a', name: 'b' },
    });
    expect(job.event?.kind).toBe('job');
    const brokenRun = parseOpenLineageEvent({
      eventType: 'START',
      eventTime: '2026-10-02T06:00:00Z',
      producer: 'p',
      job: { namespace: 'a', name: 'b' },
    });
    expect(brokenRun.errors).toEqual([{ path: 'run', message: 'is required (expected object)' }]);
  });

  it('reads the kind its schemaURL names, so a JobEvent carrying an eventType stays a JobEvent', () => {
    const result = parseOpenLineageEvent({
      eventType: 'COMPLETE',
      eventTime: '2026-10-02T06:00:00Z',
      producer: 'p',
      schemaURL: 'https://openlineage.io/spec/1-0-1/OpenLineage.json#/definitions/JobEvent',
      job: { namespace: 'a', name: 'b' },
    });
    expect(result.errors).toEqual([]);
    expect(result.event?.kind).toBe('job');
  });

  it('accepts what 1.x producers send: no schemaURL, no eventType, null inputs', () => {
    const event = runEvent({ inputs: null });
    delete event.schemaURL;
    delete event.eventType;
    const result = parseOpenLineageEvent(event);
    expect(result.errors).toEqual([]);
    expect(result.event).toMatchObject({ kind: 'run', eventType: 'OTHER', inputs: [] });
  });

  it('warns about a zone-less eventTime and a runId that is not a UUID', () => {
    const result = parseOpenLineageEvent(
      runEvent({ eventTime: '2020-12-28T19:51:01.641499', run: { runId: 'run_id' } }),
    );
    expect(result.event).not.toBeNull();
    expect(result.warnings.map((issue) => issue.path)).toEqual(['eventTime', 'run.runId']);
  });

  it('keeps a standard facet that fails its schema raw, uninterpreted, with a warning at its path', () => {
    const ownership = { _producer: 'p', _schemaURL: 's', owners: [{ 'no-name': 'no-name-owner' }] };
    const result = parseOpenLineageEvent(
      runEvent({
        outputs: [{ namespace: 'n', name: 'out', facets: { ownership, documentation: { description: 'kept' } } }],
      }),
    );
    expect(result.warnings).toEqual([
      {
        path: 'outputs[0].facets.ownership.owners[0].name',
        message: "is required (expected string) (facet 'ownership' kept raw, not interpreted)",
      },
    ]);
    const output = result.event?.kind === 'run' ? result.event.outputs[0] : undefined;
    expect(output?.facets.ownership).toEqual(ownership);
    expect(output?.standard.ownership).toBeUndefined();
    expect(output?.standard.documentation?.description).toBe('kept');
  });

  it('stores unknown facets verbatim and quotes facet names that are not identifiers', () => {
    const result = parseOpenLineageEvent(
      runEvent({ run: { runId: RUN_ID, facets: { 'spark.logicalPlan': { plan: [1, 2] }, broken: 'text' } } }),
    );
    expect(result.event?.kind === 'run' && result.event.runFacets['spark.logicalPlan']).toEqual({ plan: [1, 2] });
    expect(result.warnings).toEqual([
      { path: 'run.facets.broken', message: 'a facet must be a JSON object; kept raw' },
    ]);
  });

  it('does not interpret deleted facets', () => {
    const result = parseOpenLineageEvent(
      runEvent({ job: { namespace: 'a', name: 'b', facets: { sql: { _deleted: true }, jobType: null } } }),
    );
    expect(result.warnings).toEqual([]);
    expect(result.event?.kind === 'run' && result.event.job.standard).toEqual({});
  });

  it('accepts facets without _producer and _schemaURL, as Spark and Hive send some', () => {
    const result = parseOpenLineageEvent(
      runEvent({ job: { namespace: 'a', name: 'b', facets: { sql: { query: 'SELECT 1' } } } }),
    );
    expect(result.warnings).toEqual([]);
    expect(result.event?.kind === 'run' && result.event.job.standard.sql?.query).toBe('SELECT 1');
  });

  it('drops __proto__ keys instead of letting them reach any prototype', () => {
    const raw = JSON.parse(
      `{"eventType":"START","eventTime":"2026-10-02T06:00:00Z","producer":"p","__proto__":{"eventType":"FAIL"},
        "run":{"runId":"${RUN_ID}","facets":{"__proto__":{"polluted":true}}},
        "job":{"namespace":"n","name":"j","facets":{"__proto__":{"sql":{"query":"x"}}}}}`,
    );
    const result = parseOpenLineageEvent(raw);
    expect(result.event).toMatchObject({ kind: 'run', eventType: 'START' });
    expect(result.event?.kind === 'run' && Object.keys(result.event.runFacets)).toEqual([]);
    expect(result.event?.kind === 'run' && result.event.job.standard).toEqual({});
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('keeps deeply nested and large custom facets without interpreting them', () => {
    let nested: unknown = { leaf: 'x'.repeat(100_000) };
    for (let i = 0; i < 2_000; i++) nested = { nested };
    const result = parseOpenLineageEvent(runEvent({ run: { runId: RUN_ID, facets: { custom: nested } } }));
    expect(result.errors).toEqual([]);
    expect(result.event?.kind === 'run' && result.event.runFacets.custom).toBe(nested);
  });

  it('reports a huge schema facet with a wrong type once per bad field, not by crashing', () => {
    const fields = Array.from({ length: 5_000 }, (_, i) => ({ name: i % 1000 === 0 ? 42 : `c${i}` }));
    const result = parseOpenLineageEvent(
      runEvent({ outputs: [{ namespace: 'n', name: 'o', facets: { schema: { fields } } }] }),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((issue) => issue.path)).toEqual(
      [0, 1000, 2000, 3000, 4000].map((i) => `outputs[0].facets.schema.fields[${i}].name`),
    );
  });
});
