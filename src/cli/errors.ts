import { CommanderError } from 'commander';
import { InputError, isRootlineError, NotFoundError } from '../model/errors.js';
import { createStyle } from './format/style.js';
import { UnreachableError } from './http-client.js';
import type { CliIo } from './io.js';
import { CliExit } from './io.js';

/**
 * Maps an error to an exit code and prints it once: bad input (a flag, a file, a malformed or
 * unknown id) exits 2, everything else 1. Expected errors print their message (and the path of
 * the offending field), never a stack trace; unexpected ones print the stack only with
 * ROOTLINE_DEBUG set.
 */
export function reportError(error: unknown, io: CliIo, json: boolean): number {
  if (error instanceof CliExit) return error.code;
  if (error instanceof CommanderError) {
    // Commander has already printed its message (unknown option, missing argument, help).
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return 0;
    }
    if (error.exitCode === 0) return 0;
    if (json) {
      const message = error.message.replace(/^error: /, '');
      io.stdout.write(
        `${JSON.stringify({ error: { name: 'InputError', message, path: 'argv', issues: [] } }, null, 2)}\n`,
      );
    }
    return 2;
  }
  const code = error instanceof InputError || error instanceof NotFoundError ? 2 : 1;
  const style = createStyle(io.isTTY, io.env ?? {});
  if (json) {
    io.stdout.write(`${JSON.stringify({ error: errorBody(error) }, null, 2)}\n`);
    return code;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${style.red('error:')} ${message}\n`);
  if (error instanceof InputError) {
    const issues = error.issues.filter((issue) => issue.message !== message || issue.path !== error.path);
    if (issues.length === 0 && error.path) io.stderr.write(`  at ${error.path}\n`);
    for (const issue of issues.slice(0, 20)) io.stderr.write(`  ${issue.path || '(root)'}: ${issue.message}\n`);
    if (issues.length > 20) io.stderr.write(`  ... and ${issues.length - 20} more\n`);
  }
  if (!isRootlineError(error) && !(error instanceof UnreachableError) && error instanceof Error && error.stack) {
    if (io.env?.ROOTLINE_DEBUG) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write(style.dim('  (set ROOTLINE_DEBUG=1 to see the stack trace)\n'));
  }
  return code;
}

function errorBody(error: unknown): Record<string, unknown> {
  if (error instanceof InputError) {
    return { name: error.name, message: error.message, path: error.path, issues: error.issues };
  }
  if (error instanceof NotFoundError) {
    return { name: error.name, message: error.message, suggestions: error.suggestions };
  }
  if (error instanceof Error) return { name: isRootlineError(error) ? error.name : 'Error', message: error.message };
  return { name: 'Error', message: String(error) };
}
