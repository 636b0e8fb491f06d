import { readFileSync } from 'node:fs';

/** The package version, read from package.json beside `src/` or `dist/`. */
export function readPackageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string') {
      return parsed.version;
    }
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
  return 'unknown';
}
