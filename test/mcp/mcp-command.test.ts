import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { rootline, tempDir } from '../helpers/cli.js';
import { DEPLOYMENT, seedChurnLineage } from './seed-lineage.js';

const { dir, cleanup } = tempDir('rootline-mcp-command-');
const db = join(dir, 'rootline.db');

beforeAll(async () => {
  const store = await openStore({ db });
  await seedChurnLineage(store);
  await store.close();
});

afterAll(() => cleanup());

const request = (id: number, method: string, params: Record<string, unknown>) =>
  `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;

describe('rootline mcp as a function', () => {
  it('answers every request written before stdin closes, and prints nothing but JSON-RPC on stdout', async () => {
    const input = [
      request(1, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'pipe', version: '1' },
      }),
      `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
      request(2, 'tools/list', {}),
      request(3, 'tools/call', { name: 'get_asset', arguments: { id: DEPLOYMENT } }),
    ].join('');
    const run = await rootline(['mcp', '--db', db], { stdin: input });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`rootline mcp: serving ${db} over stdio`);
    const replies = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(replies.map((reply) => reply.id)).toEqual([1, 2, 3]);
    expect(replies[1].result.tools).toHaveLength(11);
    expect(replies[2].result.structuredContent.asset).toMatchObject({ id: DEPLOYMENT, kind: 'deployment' });
  });

  it('exits with code 2 on a bad database URL', async () => {
    const run = await rootline(['mcp', '--database-url', 'mysql://nope'], { stdin: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--database-url must be a postgres/);
    expect(run.stdout).toBe('');
  });
});
