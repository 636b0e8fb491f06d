import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deterministicUuid } from '../../../src/ingest/openlineage/version-id.js';

/** Test support: reads the OpenLineage corpus fixtures and completes partial expectations. */

export const EVENTS_DIR = join(import.meta.dirname, '../../fixtures/openlineage/events');

export interface CorpusEntry {
  file: string;
  eventKind: 'RunEvent' | 'DatasetEvent' | 'JobEvent';
  eventType: string | null;
  complete: boolean;
  fully_valid: boolean;
  placeholders: string[];
  missing_required_fields: string[];
  facet_errors?: string[];
  has: Record<string, boolean>;
}

export function corpusIndex(): CorpusEntry[] {
  const index: { events: CorpusEntry[] } = JSON.parse(readFileSync(join(EVENTS_DIR, 'index.json'), 'utf8'));
  return index.events.map((entry) => ({ ...entry, file: entry.file.replace(/^events\//, '') }));
}

export function readEvent(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8'));
}

/** The files of one scenario (`compat_airflow`), in emission order. */
export function scenarioFiles(folder: string, prefix: string): string[] {
  return readdirSync(join(EVENTS_DIR, folder))
    .filter((name) => name.startsWith(`${prefix}__`))
    .sort()
    .map((name) => `${folder}/${name}`);
}

const TIME = '2026-10-02T06:00:00Z';
const MATCHER = /\$\{json-unit\.[^}]*\}|\{\{.*?\}\}/;

/**
 * Turns a partial expectation (json-unit or Jinja matchers, missing eventTime/producer/runId)
 * into a complete event: a UUID for run ids, an RFC 3339 time for times, a number for number
 * matchers, and the matcher-free remainder of other strings.
 */
export function completeEvent(raw: Record<string, unknown>, seed: string): Record<string, unknown> {
  const event = substitute(raw, '', seed);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new Error('not an event');
  const out: Record<string, unknown> = { eventTime: TIME, producer: 'https://example.com/test', ...event };
  // Subset expectations leave out identities the real producer would send; give them one.
  for (const key of ['inputs', 'outputs']) {
    if (Array.isArray(out[key])) out[key] = out[key].map((dataset, i) => withIdentity(dataset, `${key}-${i}`));
  }
  if ('dataset' in out) out.dataset = withIdentity(out.dataset, 'dataset');
  if (!('dataset' in out)) out.job = withIdentity(out.job ?? {}, 'job');
  if ('run' in out || 'eventType' in out) {
    const run = typeof out.run === 'object' && out.run !== null ? out.run : {};
    out.run = { runId: deterministicUuid('run', seed), ...run };
  }
  return out;
}

function withIdentity(value: unknown, fallback: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { namespace: 'default', name: fallback, ...value };
  const facets = out.facets;
  if (facets !== null && typeof facets === 'object' && 'columnLineage' in facets) {
    const lineage = facets.columnLineage;
    if (lineage !== null && typeof lineage === 'object') {
      const fields =
        'fields' in lineage && lineage.fields !== null && typeof lineage.fields === 'object' ? lineage.fields : {};
      const complete = Object.fromEntries(
        Object.entries(fields).map(([name, field]) => [name, withInputNamespaces(field, String(out.namespace))]),
      );
      out.facets = { ...facets, columnLineage: { ...lineage, fields: complete } };
    }
  }
  if (facets !== null && typeof facets === 'object' && 'symlinks' in facets) {
    const symlinks = facets.symlinks;
    if (
      symlinks !== null &&
      typeof symlinks === 'object' &&
      'identifiers' in symlinks &&
      Array.isArray(symlinks.identifiers)
    ) {
      const identifiers = symlinks.identifiers.map((identifier) => ({
        namespace: 'default',
        type: 'TABLE',
        ...identifier,
      }));
      out.facets = { ...facets, symlinks: { ...symlinks, identifiers } };
    }
  }
  return out;
}

function withInputNamespaces(field: unknown, namespace: string): unknown {
  if (field === null || typeof field !== 'object' || !('inputFields' in field) || !Array.isArray(field.inputFields)) {
    return field;
  }
  return { ...field, inputFields: field.inputFields.map((input) => ({ namespace, ...input })) };
}

function substitute(value: unknown, key: string, seed: string): unknown {
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, key, `${seed}/${index}`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, k, `${seed}/${k}`)]));
  }
  if (typeof value !== 'string' || !MATCHER.test(value)) return value;
  if (/runId$/i.test(key)) return deterministicUuid('run', seed);
  if (/time|date|lastUpdated/i.test(key) || value.includes('is_datetime')) return TIME;
  if (value.includes('any-number')) return 1;
  const rest = value.replace(new RegExp(MATCHER.source, 'g'), '').replace(/[.*^$()[\]\\]+/g, '');
  return rest === '' ? `value-${key}` : rest;
}
