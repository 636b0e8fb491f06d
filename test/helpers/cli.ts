import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  stdin?: string;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
}

/** Runs `rootline ARGS` in-process with captured output; the environment is empty unless given. */
export async function rootline(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: (text) => stdout.push(text) },
    stderr: { write: (text) => stderr.push(text) },
    stdin: options.stdin !== undefined ? Readable.from([options.stdin]) : undefined,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  };
  const code = await runCli(args, io);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix = 'rootline-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A minimal valid OpenLineage RunEvent. */
export function runEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventType: 'COMPLETE',
    eventTime: '2026-10-02T06:00:00.000Z',
    run: { runId: '3f9c2a4e-5b1d-4c7e-9a8f-0123456789ab' },
    job: { namespace: 'shop', name: 'load_orders' },
    inputs: [{ namespace: 'postgres://db:5432', name: 'shop.public.orders' }],
    outputs: [{ namespace: 'postgres://db:5432', name: 'shop.analytics.daily_orders' }],
    producer: 'https://example.com/test',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    ...overrides,
  };
}
