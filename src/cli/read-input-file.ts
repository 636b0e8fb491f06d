import { readFile } from 'node:fs/promises';
import { InputError } from '../model/errors.js';
import { type CliIo, readStreamText } from './io.js';

/** Reads a file argument as UTF-8 text; `-` reads standard input. Unreadable files are input errors. */
export async function readInputFile(file: string, io: CliIo, path = 'file'): Promise<string> {
  if (file === '-') {
    if (!io.stdin) throw new InputError('no standard input to read from', { path });
    return readStreamText(io.stdin);
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new InputError(`cannot read '${file}': ${reason}`, { path, cause: error });
  }
}
