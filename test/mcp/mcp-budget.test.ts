import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateLineageEvents, planDatasets } from '../../bench/synthetic-lineage.js';
import { ingestOpenLineage } from '../../src/ingest/openlineage/ingest-openlineage.js';
import { DEFAULT_BUDGET } from '../../src/mcp/budget.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { answerSize, callTool, connectInMemory, structured, textOf } from './connect.js';
import { DEPLOYMENT, seedChurnLineage, TS } from './seed-lineage.js';

const SHAPE = { datasets: 240, columnsPerDataset: 25, layers: 6, seed: 7, startTime: '2026-01-01T00:00:00Z' };
const NAMESPACE = 'postgres://warehouse:5432';
const page = z.object({
  total: z.number(),
  returned: z.number(),
  remaining: z.number(),
  nextCursor: z.string().nullable(),
});

let store: Store;
let client: Client;
let close: () => Promise<void>;
let source: string;
let mart: string;

beforeAll(async () => {
  store = await openStore({ db: ':memory:' });
  const outcomes = await ingestOpenLineage(store, [...generateLineageEvents(SHAPE)], { strict: false, actor: 'test' });
  expect(outcomes.every((outcome) => outcome.status === 'accepted')).toBe(true);
  await seedChurnLineage(store);
  const datasets = planDatasets(SHAPE);
  source = `dataset:${NAMESPACE}:${datasets[0]?.name}`;
  mart = `dataset:${NAMESPACE}:${datasets.at(-1)?.name}`;
  ({ client, close } = await connectInMemory(store));
}, 180_000);

afterAll(async () => {
  await close();
  await store.close();
});

/** A wide INSERT ... SELECT: one output column per input column of a 400-column table. */
function wideSql(): string {
  const columns = Array.from({ length: 400 }, (_, i) => `c${i}`);
  return `INSERT INTO mart.wide SELECT ${columns.map((c) => `t.${c} + 1 AS ${c}_plus`).join(', ')} FROM raw.wide t`;
}

function expectWithinBudget(result: CallToolResult): z.infer<typeof page> {
  expect(result.isError, textOf(result)).toBeFalsy();
  expect(answerSize(result)).toBeLessThanOrEqual(DEFAULT_BUDGET);
  return page.parse(structured(result).page);
}

describe('answers on a large graph stay within the size budget', () => {
  const calls: [tool: string, list: string, args: () => Record<string, unknown>][] = [
    ['search_assets', 'assets', () => ({ query: 'warehouse' })],
    ['get_lineage', 'nodes', () => ({ node: source, direction: 'downstream', level: 'column', depth: 10 })],
    ['get_lineage', 'nodes', () => ({ node: mart, direction: 'upstream', level: 'dataset', depth: 10 })],
    ['impact_analysis', 'affected', () => ({ node: source, change: 'drop' })],
    ['lineage_diff', 'changes', () => ({ from: '2025-12-31T00:00:00Z', to: '2026-12-31T00:00:00Z' })],
    ['lineage_health', 'items', () => ({})],
    ['explain_sql_lineage', 'columns', () => ({ sql: wideSql(), dialect: 'postgres' })],
  ];

  it.each(calls)('%s says what it left out and pages on with a cursor (%s)', async (tool, list, args) => {
    const first = await callTool(client, tool, args());
    const info = expectWithinBudget(first);
    expect(info.remaining).toBeGreaterThan(0);
    expect(info.total).toBeGreaterThan(info.returned);
    expect(textOf(first)).toMatch(/more left out to stay within the size budget/);
    const second = await callTool(client, tool, { ...args(), cursor: info.nextCursor });
    const next = expectWithinBudget(second);
    expect(next.total).toBe(info.total);
    const items = (result: CallToolResult) => z.array(z.unknown()).parse(structured(result)[list]);
    expect(items(first)).toHaveLength(info.returned);
    const firstItems = new Set(items(first).map((item) => JSON.stringify(item)));
    expect(items(second).length).toBeGreaterThan(0);
    for (const item of items(second)) expect(firstItems.has(JSON.stringify(item))).toBe(false);
  });

  it('keeps column endpoints in lineage edges so the assistant can follow up', async () => {
    const result = await callTool(client, 'get_lineage', {
      node: source,
      direction: 'downstream',
      level: 'column',
      depth: 3,
    });
    const nodes = z
      .array(z.object({ id: z.string(), edges: z.array(z.object({ source: z.string(), target: z.string() })) }))
      .parse(structured(result).nodes);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.edges.length).toBeGreaterThan(0);
      for (const edge of node.edges) {
        expect(edge.source.startsWith('datasetField:')).toBe(true);
        expect(edge.target).toMatch(/^dataset(Field)?:/);
      }
    }
    expect(structured(result).counts).toMatchObject({ byKind: { datasetField: expect.any(Number) } });
  });

  it.each([
    ['get_asset', () => ({ id: mart })],
    ['root_cause', () => ({ node: mart, since: '2025-12-31T00:00:00Z', until: '2026-12-31T00:00:00Z' })],
    ['trace_prediction', () => ({ prediction: 'p-1' })],
    ['check_leakage', () => ({ trainingSet: TS })],
    ['get_asset', () => ({ id: DEPLOYMENT })],
  ] as [string, () => Record<string, unknown>][])('%s fits in the budget', async (tool, args) => {
    expectWithinBudget(await callTool(client, tool, args()));
  });
});
