import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { answerSize, callTool, connectInMemory, structured, TOOL_NAMES, textOf } from './connect.js';
import { AGE, BIRTH_DATE, CANCELLED_AT, DEPLOYMENT, FEATURES, MV3, seedChurnLineage, TS } from './seed-lineage.js';

const page = z.object({ total: z.number(), remaining: z.number(), nextCursor: z.string().nullable() });

let store: Store;
let client: Client;
let close: () => Promise<void>;

beforeAll(async () => {
  store = await openStore({ db: ':memory:' });
  await seedChurnLineage(store);
  ({ client, close } = await connectInMemory(store));
});

afterAll(async () => {
  await close();
  await store.close();
});

describe('MCP server over an in-memory transport', () => {
  it('lists the eleven tools, each with an input and an output schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
  });

  it('finds assets by part of their name and returns ids to follow up on', async () => {
    const result = await callTool(client, 'search_assets', { query: 'churn' });
    expect(result.isError).toBeFalsy();
    const assets = z.array(z.object({ id: z.string() })).parse(structured(result).assets);
    expect(assets.map((asset) => asset.id)).toEqual(expect.arrayContaining([MV3, DEPLOYMENT, TS]));
    expect(textOf(result)).toMatch(/asset.* match "churn"/);
  });

  it('describes a dataset with its columns, neighbours and versions', async () => {
    const result = await callTool(client, 'get_asset', { id: FEATURES });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({
      asset: { id: FEATURES, kind: 'dataset', pii: null },
      neighbors: { upstream: ['job:snowflake://acme:build_customer_features'] },
      quality: { total: 0, failing: 0 },
    });
    const fields = z.array(z.object({ id: z.string(), name: z.string() })).parse(structured(result).fields);
    expect(fields.map((field) => field.name)).toEqual(
      expect.arrayContaining(['age', 'tenure', 'late_payments', 'days_since_cancel', 'customer_id']),
    );
  });

  it('describes a model version with its params and metrics', async () => {
    const result = await callTool(client, 'get_asset', { id: MV3 });
    expect(structured(result)).toMatchObject({
      asset: { id: MV3, kind: 'modelVersion', attributes: { params: { max_depth: 6 }, metrics: { auc: 0.81 } } },
      neighbors: { downstream: [DEPLOYMENT] },
    });
  });

  it('describes a job with its latest SQL, inputs and outputs', async () => {
    const result = await callTool(client, 'get_asset', { id: 'job:snowflake://acme:build_customer_features' });
    expect(structured(result)).toMatchObject({
      asset: { kind: 'job' },
      job: { outputs: [FEATURES], sql: expect.stringContaining('build_customer_features') },
      versions: { total: 1 },
    });
  });

  it('walks column lineage downstream from a feature column to the serving deployment', async () => {
    const result = await callTool(client, 'get_lineage', {
      node: AGE,
      direction: 'downstream',
      level: 'column',
      depth: 6,
    });
    const nodes = z
      .array(z.object({ id: z.string(), depth: z.number(), edges: z.array(z.object({ source: z.string() })) }))
      .parse(structured(result).nodes);
    expect(nodes.map((node) => node.id)).toEqual([
      'datasetField:feast://prod:customer_fv:age',
      'datasetField:feast://prod:churn_train:age',
      MV3,
      DEPLOYMENT,
    ]);
    expect(nodes[0]?.edges[0]?.source).toBe(AGE);
    expect(textOf(result)).toContain('downstream of');
  });

  it('walks upstream at dataset level from a dataset to the jobs and sources that build it', async () => {
    const result = await callTool(client, 'get_lineage', { node: FEATURES, direction: 'upstream', depth: 2 });
    const nodes = z.array(z.object({ id: z.string() })).parse(structured(result).nodes);
    expect(nodes.map((node) => node.id)).toEqual(
      expect.arrayContaining([
        'job:snowflake://acme:build_customer_features',
        'dataset:snowflake://acme:crm.customers',
      ]),
    );
  });

  it('answers lineage as of a past time, before the model existed', async () => {
    const before = await callTool(client, 'get_lineage', {
      node: AGE,
      direction: 'downstream',
      level: 'column',
      depth: 6,
      asOf: '2026-09-15T00:00:00Z',
    });
    expect(before.isError).toBeFalsy();
    expect(JSON.stringify(structured(before).nodes)).not.toContain(MV3);
    expect(structured(before)).toMatchObject({ asOf: '2026-09-15T00:00:00.000Z' });
  });

  it('reports what dropping a feature column would break, live deployments first', async () => {
    const result = await callTool(client, 'impact_analysis', { node: AGE, change: 'drop' });
    const affected = z
      .array(
        z.object({ id: z.string(), severity: z.string(), path: z.array(z.string()), live: z.boolean().optional() }),
      )
      .parse(structured(result).affected);
    expect(affected[0]).toMatchObject({ id: DEPLOYMENT, severity: 'breaking', live: true });
    expect(affected[0]?.path[0]).toBe(AGE);
    expect(affected.map((node) => node.id)).toContain(MV3);
    expect(textOf(result)).toMatch(/^Dropping .* affects 1 deployment, 1 model version/);
  });

  it('ranks root-cause candidates upstream of a deployment, with evidence', async () => {
    const result = await callTool(client, 'root_cause', {
      node: DEPLOYMENT,
      since: '2026-09-01T00:00:00Z',
      until: '2026-11-01T00:00:00Z',
    });
    const candidates = z
      .array(z.object({ kind: z.string(), node: z.string(), evidence: z.array(z.object({ detail: z.string() })) }))
      .parse(structured(result).candidates);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates[0]).toMatchObject({ kind: 'schema_change', node: TS });
    expect(textOf(result)).toContain('Most likely:');
    const near = await callTool(client, 'root_cause', {
      node: DEPLOYMENT,
      since: '2026-09-01T00:00:00Z',
      until: '2026-11-01T00:00:00Z',
      depth: 1,
    });
    expect(structured(near)).toMatchObject({ partial: true });
    expect(z.number().parse(structured(near).upstreamNodes)).toBeLessThan(
      z.number().parse(structured(result).upstreamNodes),
    );
  });

  it('traces a logged prediction to its raw source columns', async () => {
    const result = await callTool(client, 'trace_prediction', { prediction: 'p-1' });
    expect(structured(result)).toMatchObject({
      prediction: 'p-1',
      deployment: DEPLOYMENT,
      modelVersion: MV3,
      trainingSet: { id: TS, version: '3' },
    });
    expect(structured(result).sources).toContain(BIRTH_DATE);
    const features = z.array(z.object({ name: z.string(), value: z.unknown() })).parse(structured(result).features);
    expect(features.find((feature) => feature.name === 'age')?.value).toBe(41);
  });

  it('flags the planted label leak in the latest training-set version and none in version 3', async () => {
    const latest = await callTool(client, 'check_leakage', { trainingSet: TS });
    expect(structured(latest)).toMatchObject({ version: '4', leaking: true });
    expect(JSON.stringify(structured(latest).findings)).toContain(CANCELLED_AT);
    const v3 = await callTool(client, 'check_leakage', { trainingSet: TS, version: '3' });
    expect(structured(v3)).toMatchObject({ version: '3', leaking: false, findings: [] });
  });

  it('explains the column lineage of SQL text with transformations and row-level inputs', async () => {
    const result = await callTool(client, 'explain_sql_lineage', {
      sql: 'INSERT INTO mart.totals SELECT a.id, SUM(b.v) AS total FROM s.a a JOIN s.b b ON a.id = b.id WHERE a.k > 1 GROUP BY a.id',
      dialect: 'postgres',
    });
    expect(result.isError).toBeFalsy();
    expect(structured(result)).toMatchObject({
      outputs: ['mart.totals'],
      inputs: ['s.a', 's.b'],
      columns: [
        {
          table: 'mart.totals',
          column: 'id',
          inputs: [{ table: 's.a', column: 'id', transformations: ['DIRECT/IDENTITY'] }],
        },
        {
          table: 'mart.totals',
          column: 'total',
          inputs: [{ table: 's.b', column: 'v', transformations: ['DIRECT/AGGREGATION'] }],
        },
      ],
    });
    expect(JSON.stringify(structured(result).rowLevel)).toContain('INDIRECT/FILTER');
  });

  it('lists what changed in the graph between two times', async () => {
    const result = await callTool(client, 'lineage_diff', { from: '2026-09-15T00:00:00Z', to: '2026-10-06T00:00:00Z' });
    expect(structured(result)).toMatchObject({ from: '2026-09-15T00:00:00.000Z', partial: false });
    expect(JSON.stringify(structured(result).changes)).toContain(MV3);
  });

  it('reports lineage health problems by check with node ids', async () => {
    const result = await callTool(client, 'lineage_health', {});
    expect(structured(result)).toMatchObject({ checked: { models: 1 } });
    const items = z.array(z.object({ check: z.string(), id: z.string() })).parse(structured(result).items);
    expect(items).toContainEqual(expect.objectContaining({ check: 'datasets_without_owners', id: FEATURES }));
    expect(textOf(result)).toMatch(/problem/);
  });
});

describe('expected failures are tool errors the model can act on', () => {
  const cases: [tool: string, args: Record<string, unknown>, message: RegExp][] = [
    ['search_assets', { query: '' }, /query/],
    [
      'get_asset',
      { id: `${FEATURES.slice(0, -1)}` },
      /did you mean dataset:snowflake:\/\/acme:analytics\.customer_features/,
    ],
    ['get_asset', { id: 'table:orders' }, /argument id.*unknown kind 'table'/],
    ['get_lineage', { node: FEATURES, depth: 0 }, /depth/],
    ['get_lineage', { node: FEATURES, asOf: 'yesterday' }, /argument asOf.*ISO-8601/],
    ['get_lineage', { node: MV3, asOf: '2026-08-01T00:00:00Z' }, /no node 'modelVersion.*' as of 2026-08-01/],
    [
      'impact_analysis',
      { node: 'datasetField:snowflake://acme:analytics.customer_features:agee' },
      /did you mean .*:age/,
    ],
    ['root_cause', { node: DEPLOYMENT, since: 'last week' }, /argument since/],
    ['root_cause', { node: DEPLOYMENT, depth: 0 }, /depth/],
    ['trace_prediction', { prediction: 'p-404' }, /no prediction 'p-404'.*Most recent prediction ids: p-1/],
    ['check_leakage', { trainingSet: MV3 }, /expected a training-set dataset id/],
    ['check_leakage', { trainingSet: TS, version: '99' }, /not found/],
    ['explain_sql_lineage', { sql: 'SELEC FROM WHERE' }, /could not be read as ansi.*line 1, column/],
    ['explain_sql_lineage', { sql: 'SELECT 1', dialect: 'cobol' }, /dialect/],
    ['lineage_diff', { from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' }, /after 'to'/],
    ['lineage_health', { asOf: 'soon' }, /argument asOf/],
  ];

  it.each(cases)('%s with %j is an error naming what to fix', async (tool, args, message) => {
    const result = await callTool(client, tool, args);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toMatch(message);
  });

  it('rejects a cursor passed back with other arguments', async () => {
    const small = await connectInMemory(store, { budget: 1_500 });
    try {
      const first = await callTool(small.client, 'search_assets', { query: 'a' });
      const cursor = page.parse(structured(first).page).nextCursor;
      expect(cursor).not.toBeNull();
      const next = await callTool(small.client, 'search_assets', { query: 'a', cursor });
      expect(next.isError).toBeFalsy();
      const other = await callTool(small.client, 'search_assets', { query: 'b', cursor });
      expect(other.isError).toBe(true);
      expect(textOf(other)).toMatch(/cursor belongs to another search_assets call/);
      const forged = await callTool(small.client, 'search_assets', { query: 'a', cursor: 'not-a-cursor' });
      expect(textOf(forged)).toMatch(/argument cursor.*call again without cursor/);
    } finally {
      await small.close();
    }
  });
});

describe('size budget', () => {
  it('pages through a long answer with the cursor, every item once, each page within the budget', async () => {
    const small = await connectInMemory(store, { budget: 2_000 });
    try {
      const args = { from: '2026-08-01T00:00:00Z', to: '2026-11-02T00:00:00Z' };
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const result = await callTool(small.client, 'lineage_diff', cursor ? { ...args, cursor } : args);
        expect(result.isError).toBeFalsy();
        expect(answerSize(result)).toBeLessThanOrEqual(2_000);
        for (const change of z.array(z.unknown()).parse(structured(result).changes)) seen.push(JSON.stringify(change));
        const info = page.parse(structured(result).page);
        if (info.remaining > 0) expect(textOf(result)).toContain(`cursor "${info.nextCursor}"`);
        cursor = info.nextCursor;
        pages++;
      } while (cursor !== null && pages < 50);
      expect(pages).toBeGreaterThan(2);
      const total = page.parse(structured(await callTool(client, 'lineage_diff', args)).page).total;
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    } finally {
      await small.close();
    }
  });
});

describe('resources and prompts', () => {
  it('reads any node as rootline://node/{id} with the id URL-encoded', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(['rootline://node/{id}']);
    const uri = `rootline://node/${encodeURIComponent(MV3)}`;
    const { contents } = await client.readResource({ uri });
    const content = contents[0];
    expect(content?.uri).toBe(uri);
    expect(content && 'text' in content ? JSON.parse(content.text) : null).toMatchObject({
      asset: { id: MV3, kind: 'modelVersion' },
    });
  });

  it('answers an unknown node resource with the closest ids', async () => {
    const uri = `rootline://node/${encodeURIComponent(`${MV3}0`)}`;
    await expect(client.readResource({ uri })).rejects.toThrow(/did you mean/);
  });

  it('completes node ids in the resource template from a search', async () => {
    const result = await client.complete({
      ref: { type: 'ref/resource', uri: 'rootline://node/{id}' },
      argument: { name: 'id', value: 'customer_fv' },
    });
    expect(result.completion.values).toContain('dataset:feast://prod:customer_fv');
  });

  it('offers the two investigation prompts with their arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name).sort()).toEqual(['assess_schema_change', 'investigate_degraded_model']);
    const prompt = await client.getPrompt({ name: 'assess_schema_change', arguments: { node: AGE, change: 'drop' } });
    const message = prompt.messages[0]?.content;
    expect(message?.type === 'text' ? message.text : '').toContain(`impact_analysis with node ${AGE} and change drop`);
    const degraded = await client.getPrompt({ name: 'investigate_degraded_model', arguments: { node: DEPLOYMENT } });
    const text = degraded.messages[0]?.content;
    expect(text?.type === 'text' ? text.text : '').toContain(`root_cause with node ${DEPLOYMENT} and since 7d`);
  });
});
