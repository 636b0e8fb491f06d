/**
 * Runs the analyzer against reata/sqllineage's test suite (as data, in ../shared/corpus) and the
 * Hive OpenLineage events that carry executed HiveQL plus the expected columnLineage facet.
 * Shared by `npm run conformance:sql` and the CI threshold test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SqlLineageResult, SqlSchema } from '../../src/sql/index.js';
import { analyzeSql } from '../../src/sql/index.js';

export const SHARED_CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
export const SQLLINEAGE_CASES = join(SHARED_CORPUS, 'sql-lineage/sqllineage-cases.json');
export const HIVE_EVENTS = join(SHARED_CORPUS, 'openlineage/events/hive');

interface TableExpectation {
  type: 'table' | 'path';
  normalized: string;
}

interface ColumnExpectation {
  source_table: string | null;
  source_column: string;
  normalized_source: string;
  normalized_target: string;
}

export interface CorpusCase {
  id: string;
  kind: 'column' | 'table';
  dialect: string;
  sql: string;
  expected_column_lineage: ColumnExpectation[] | null;
  expected_source_tables: TableExpectation[] | null;
  expected_target_tables: TableExpectation[] | null;
  metadata_schemas: null | string | Record<string, string[]>;
  env?: Record<string, string> | null;
}

export interface CaseResult {
  id: string;
  kind: string;
  dialect: string;
  passed: boolean;
  reason?: string;
}

/** sqllineage dialects Rootline has no grammar for run as ANSI. */
const DIALECT_MAP: Record<string, string> = {
  sparksql: 'spark',
  db2: 'ansi',
  vertica: 'ansi',
  exasol: 'ansi',
  teradata: 'ansi',
};

function norm(name: string): string {
  return name.replace(/^<default>\./, '').toLowerCase();
}

export function optionsFor(c: CorpusCase, metadata: Record<string, SqlSchema>) {
  const schema =
    typeof c.metadata_schemas === 'string' ? metadata[c.metadata_schemas] : (c.metadata_schemas ?? undefined);
  return {
    dialect: DIALECT_MAP[c.dialect] ?? c.dialect,
    schema,
    lateralColumnAliases: c.env?.SQLLINEAGE_LATERAL_COLUMN_ALIAS_REFERENCE === '1' ? true : undefined,
  };
}

/** First-source -> final-target column pairs: reachability from root columns to leaf columns. */
export function columnPairs(result: SqlLineageResult): Set<string> {
  const edges = new Map<string, Set<string>>();
  const hasIncoming = new Set<string>();
  const selfEdges = new Set<string>();
  for (const output of result.outputs) {
    for (const [field, { inputFields }] of Object.entries(output.columnLineage.fields)) {
      const target = `${output.name}.${field}`.toLowerCase();
      for (const input of inputFields) {
        const source = `${input.name}.${input.field}`.toLowerCase();
        if (source === target) {
          selfEdges.add(`${source} -> ${target}`);
          continue;
        }
        const set = edges.get(source) ?? new Set();
        set.add(target);
        edges.set(source, set);
        hasIncoming.add(target);
      }
    }
  }
  const pairs = new Set<string>(selfEdges);
  for (const root of edges.keys()) {
    if (hasIncoming.has(root)) continue;
    const seen = new Set<string>();
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop() as string;
      const next = edges.get(node);
      if (!next || next.size === 0) {
        if (node !== root) pairs.add(`${root} -> ${node}`);
        continue;
      }
      for (const n of next) {
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
  }
  return pairs;
}

/** sqllineage's table view of a script: sources never written, targets never read afterwards. */
export function tableSets(result: SqlLineageResult): { sources: Set<string>; targets: Set<string> } {
  const read = new Set<string>();
  const written = new Set<string>();
  const selfLoop = new Set<string>();
  for (const s of result.statements) {
    // sqllineage records no lineage for DELETE; Rootline keeps its target for dataset-level FILTER lineage.
    if (s.kind === 'delete') continue;
    for (const i of s.inputs) read.add(i.toLowerCase());
    for (const o of s.outputs) written.add(o.toLowerCase());
    for (const o of s.outputs)
      if (s.inputs.some((i) => i.toLowerCase() === o.toLowerCase())) selfLoop.add(o.toLowerCase());
  }
  const sources = new Set([...read].filter((t) => !written.has(t) || selfLoop.has(t)));
  const targets = new Set([...written].filter((t) => !read.has(t) || selfLoop.has(t)));
  return { sources, targets };
}

function diff(expected: Set<string>, actual: Set<string>): string | undefined {
  const missing = [...expected].filter((e) => !actual.has(e));
  const extra = [...actual].filter((a) => !expected.has(a));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return [missing.length ? `missing ${missing.join('; ')}` : '', extra.length ? `unexpected ${extra.join('; ')}` : '']
    .filter(Boolean)
    .join(' | ');
}

function diagnosticsNote(result: SqlLineageResult): string {
  const notable = result.diagnostics.filter((d) => d.severity === 'error' || d.code === 'ambiguous_column');
  return notable.length
    ? ` [diagnostics: ${notable
        .map((d) => `${d.code}: ${d.message}`)
        .join('; ')
        .slice(0, 300)}]`
    : '';
}

export function evaluateColumnCase(c: CorpusCase, result: SqlLineageResult): string | undefined {
  const expected = new Set<string>();
  const unresolved: ColumnExpectation[] = [];
  for (const e of c.expected_column_lineage ?? []) {
    if (e.source_table === null) unresolved.push(e);
    else expected.add(`${norm(e.normalized_source)} -> ${norm(e.normalized_target)}`);
  }
  const actual = columnPairs(result);
  const problems: string[] = [];
  for (const u of unresolved) {
    const target = norm(u.normalized_target);
    const flagged = result.diagnostics.some((d) => d.code === 'ambiguous_column' || d.code === 'unknown_column');
    const guessed = [...actual].filter(
      (p) => p.endsWith(` -> ${target}`) && p.split(' -> ')[0]?.endsWith(`.${u.source_column}`),
    );
    if (!flagged || guessed.length > 0)
      problems.push(`expected '${u.source_column}' -> ${target} reported as unresolved`);
    for (const g of guessed) actual.delete(g);
  }
  const d = diff(expected, actual);
  if (d) problems.push(d);
  return problems.length ? problems.join(' | ') + diagnosticsNote(result) : undefined;
}

function evaluateTableCase(c: CorpusCase, result: SqlLineageResult): string | undefined {
  const { sources, targets } = tableSets(result);
  const expSources = new Set((c.expected_source_tables ?? []).map((t) => norm(t.normalized)));
  const expTargets = new Set((c.expected_target_tables ?? []).map((t) => norm(t.normalized)));
  const s = diff(expSources, sources);
  const t = diff(expTargets, targets);
  if (!s && !t) return undefined;
  return [s ? `sources: ${s}` : '', t ? `targets: ${t}` : ''].filter(Boolean).join(' || ') + diagnosticsNote(result);
}

export interface SqllineageCorpus {
  cases: CorpusCase[];
  metadata_schemas: Record<string, SqlSchema>;
}

/** The sqllineage corpus, or undefined when ../shared is absent. */
export function loadSqllineageCorpus(): SqllineageCorpus | undefined {
  if (!existsSync(SQLLINEAGE_CASES)) return undefined;
  return JSON.parse(readFileSync(SQLLINEAGE_CASES, 'utf8')) as SqllineageCorpus;
}

/** Runs every sqllineage case; undefined when the corpus is absent. */
export function runSqllineageCases(): CaseResult[] | undefined {
  const corpus = loadSqllineageCorpus();
  if (!corpus) return undefined;
  return corpus.cases.map((c) => {
    const options = optionsFor(c, corpus.metadata_schemas);
    let reason: string | undefined;
    try {
      const result = analyzeSql(c.sql, options);
      reason = c.kind === 'column' ? evaluateColumnCase(c, result) : evaluateTableCase(c, result);
    } catch (error) {
      reason = `threw ${error instanceof Error ? error.message : String(error)}`;
    }
    return { id: c.id, kind: c.kind, dialect: c.dialect, passed: reason === undefined, reason };
  });
}

export { runHiveEvents } from './hive-events.js';
