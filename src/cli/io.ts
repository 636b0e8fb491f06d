import type { Readable } from 'node:stream';

/** Somewhere text goes: a process stream, or a buffer in tests. */
export interface Writer {
  write(text: string): void;
}

/**
 * What a command may touch of the outside world. Commands never use `process.stdout` or
 * `process.env` directly, so tests call them as functions and capture what they print.
 */
export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdin?: Readable | undefined;
  /** True when stdout is a terminal: colours, progress bars and the start-up banner's styling. */
  isTTY: boolean;
  /** Environment variables (ROOTLINE_DB, ROOTLINE_DATABASE_URL); defaults to `process.env`. */
  env?: Record<string, string | undefined> | undefined;
}

/** The io of the running process. */
export function processIo(): CliIo {
  return {
    stdout: { write: (text) => void process.stdout.write(text) },
    stderr: { write: (text) => void process.stderr.write(text) },
    stdin: process.stdin,
    isTTY: process.stdout.isTTY === true,
    env: process.env,
  };
}

/**
 * Thrown by a command that has already printed what went wrong and only needs the process to
 * end with a non-zero code (an ingest with rejected events, a broken chain).
 */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  readonly code: number;

  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

/** Reads a whole stream as UTF-8 text. */
export async function readStreamText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}
