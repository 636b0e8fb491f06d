import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { BIN, ensureBuilt, ROOT } from '../e2e/build.js';
import { callTool, structured, TOOL_NAMES, textOf } from './connect.js';
import { DEPLOYMENT, MV3, seedChurnLineage, TS } from './seed-lineage.js';

let dir: string;
let client: Client;
let stderr = '';

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'rootline-mcp-'));
  const db = join(dir, 'rootline.db');
  const store = await openStore({ db });
  await seedChurnLineage(store);
  await store.close();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--db', db],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: 'rootline-stdio-test', version: '1.0.0' });
  await client.connect(transport);
}, 180_000);

afterAll(async () => {
  await client?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rootline mcp over real stdio', () => {
  it('lists the tools of the built CLI and says on stderr which database it serves', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOL_NAMES].sort());
    expect(stderr).toMatch(/rootline mcp: serving .*rootline\.db over stdio/);
  });

  it('answers tool calls from the seeded database file', async () => {
    const trace = await callTool(client, 'trace_prediction', { prediction: 'p-1' });
    expect(structured(trace)).toMatchObject({ deployment: DEPLOYMENT, modelVersion: MV3 });
    const leakage = await callTool(client, 'check_leakage', { trainingSet: TS });
    expect(structured(leakage)).toMatchObject({ leaking: true });
    const sql = await callTool(client, 'explain_sql_lineage', { sql: 'SELECT id, UPPER(name) AS n FROM t' });
    expect(structured(sql)).toMatchObject({
      columns: [
        { column: 'id' },
        { column: 'n', inputs: [{ column: 'name', transformations: ['DIRECT/TRANSFORMATION'] }] },
      ],
    });
  });

  it('answers invalid input with a tool error rather than a crash', async () => {
    const result = await callTool(client, 'get_asset', { id: `${DEPLOYMENT}-typo` });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(DEPLOYMENT);
    const { resources } = await client.listResources();
    expect(resources).toEqual([]);
    const prompt = await client.getPrompt({ name: 'investigate_degraded_model', arguments: { node: DEPLOYMENT } });
    expect(prompt.messages).toHaveLength(1);
  });
});
