import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error a plain JavaScript build script without type declarations
import { staleParts } from '../../scripts/build-state.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'rootline.js');

/**
 * Builds what `npm start` would build when it is missing or stale, once per test file, so the
 * end-to-end tests run the real `bin/rootline.js`. CI builds before testing, so this is a no-op
 * there. A type error elsewhere in the tree does not stop tsc from emitting, so the tests go on
 * as long as the CLI was emitted; the UI is optional here, as it is for `npm start`.
 */
export function ensureBuilt(): void {
  const stale: string[] = staleParts(ROOT);
  for (const part of stale) {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), part], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (part === 'server' && (result.status !== 0 || !existsSync(join(ROOT, 'dist', 'cli', 'main.js')))) {
      if (staleParts(ROOT).includes('server')) throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
    }
  }
}
