import type { AnalysisEnv } from './env.js';
import { report } from './env.js';
import type { LineageSet } from './lineage-set.js';
import { IDENTITY, mergeInto, single } from './lineage-set.js';

/** One output column of a query or derived table, with the lineage of its values. */
export interface RelColumn {
  name: string;
  lineage: LineageSet;
}

/**
 * The result of a query: ordered columns, resolvers for names that pass through an unexpanded
 * `*` of a table whose columns are unknown, and the dataset-level indirect lineage (joins,
 * filters, grouping, sorting) of every row.
 */
export interface Relation {
  columns: RelColumn[];
  byName: Map<string, RelColumn>;
  starResolvers: StarResolver[];
  indirect: LineageSet;
}

export type StarResolver = (name: string) => LineageSet | undefined;

export type Source =
  | { kind: 'table'; alias: string; table: string; parts: string[]; columns: string[] | undefined }
  | { kind: 'derived'; alias: string; relation: Relation; parts?: string[] };

/** How select-list aliases take part in name resolution in the clause being walked. */
export type AliasMode = 'none' | 'lateral' | 'fallback' | 'prefer';

export interface Scope {
  sources: Source[];
  /** Columns named in `JOIN ... USING (...)`: one value from all joined sides. */
  using?: Set<string>;
  parent?: Scope;
  aliases?: Map<string, LineageSet>;
  aliasMode: AliasMode;
}

export function createRelation(columns: RelColumn[], indirect: LineageSet = new Map()): Relation {
  const byName = new Map<string, RelColumn>();
  for (const c of columns) if (!byName.has(c.name)) byName.set(c.name, c);
  return { columns, byName, starResolvers: [], indirect };
}

type Presence = 'yes' | 'maybe' | 'no';

function presence(source: Source, name: string): Presence {
  if (source.kind === 'table') {
    if (source.columns === undefined) return 'maybe';
    return source.columns.includes(name) ? 'yes' : 'no';
  }
  if (source.relation.byName.has(name)) return 'yes';
  return source.relation.starResolvers.length > 0 ? 'maybe' : 'no';
}

/** Lineage of `name` read from `source`; undefined (with a diagnostic) when it cannot be found. */
export function readColumn(env: AnalysisEnv, source: Source, name: string, at?: number): LineageSet | undefined {
  if (source.kind === 'table') {
    if (source.columns !== undefined && !source.columns.includes(name)) {
      report(env, 'warning', 'unknown_column', `column '${name}' is not in the known columns of ${source.table}`, at);
    }
    return single(source.table, name, IDENTITY);
  }
  const column = source.relation.byName.get(name);
  if (column) return column.lineage;
  const resolvers = source.relation.starResolvers;
  if (resolvers.length === 1 && resolvers[0]) return resolvers[0](name);
  if (resolvers.length > 1) {
    report(env, 'warning', 'ambiguous_column', `column '${name}' may come from several unexpanded '*' sources`, at);
    return undefined;
  }
  report(env, 'warning', 'unknown_column', `column '${name}' is not an output of '${source.alias}'`, at);
  return undefined;
}

function matchesQualifier(source: Source, qualifier: readonly string[]): boolean {
  const last = qualifier[qualifier.length - 1];
  if (qualifier.length === 1 && source.alias === last) return true;
  const parts = source.kind === 'table' ? source.parts : source.parts;
  if (!parts) return false;
  if (qualifier.length > parts.length) return false;
  const offset = parts.length - qualifier.length;
  return qualifier.every((q, i) => parts[offset + i] === q);
}

/** Finds the source a qualifier names: the alias first, then the table's own (trailing) name. */
export function findSource(scope: Scope, qualifier: readonly string[]): Source | undefined {
  const last = qualifier[qualifier.length - 1];
  const byAlias = scope.sources.filter((s) => s.alias === last);
  if (byAlias.length === 1 && qualifier.length === 1) return byAlias[0];
  const matches = scope.sources.filter((s) => matchesQualifier(s, qualifier));
  return matches.length >= 1 ? matches[0] : undefined;
}

/**
 * Resolves a column reference. Qualified names go to the named source (or an outer scope);
 * unqualified names go to the one source that has the column, never to a guess: when several
 * sources might hold it and no schema decides, the result is a diagnostic and no lineage.
 */
export function resolveColumn(
  env: AnalysisEnv,
  scope: Scope,
  qualifier: readonly string[],
  name: string,
  at?: number,
): LineageSet | undefined {
  if (qualifier.length > 0) return resolveQualified(env, scope, qualifier, name, at);
  return resolveUnqualified(env, scope, name, at, true);
}

function resolveQualified(
  env: AnalysisEnv,
  scope: Scope,
  qualifier: readonly string[],
  name: string,
  at?: number,
): LineageSet | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const source = findSource(s, qualifier);
    if (source) return readColumn(env, source, name, at);
  }
  // `col.field`: the qualifier is a struct column, the name a field inside it.
  const head = qualifier[0];
  if (head !== undefined && qualifier.length <= 2) {
    const struct = resolveStruct(env, scope, qualifier, at);
    if (struct) return struct;
  }
  report(env, 'warning', 'unknown_qualifier', `'${qualifier.join('.')}' names no table in scope`, at);
  return undefined;
}

function resolveStruct(
  env: AnalysisEnv,
  scope: Scope,
  qualifier: readonly string[],
  at?: number,
): LineageSet | undefined {
  if (qualifier.length === 2) {
    const source = findSource(scope, [qualifier[0] ?? '']);
    return source ? readColumn(env, source, qualifier[1] ?? '', at) : undefined;
  }
  const silent = { ...env, diagnostics: [] };
  const found = resolveUnqualified(silent, scope, qualifier[0] ?? '', at, false);
  return found;
}

function resolveUnqualified(
  env: AnalysisEnv,
  scope: Scope,
  name: string,
  at: number | undefined,
  useAliases: boolean,
): LineageSet | undefined {
  const alias = useAliases ? scope.aliases?.get(name) : undefined;
  if (alias && scope.aliasMode === 'prefer') return alias;
  const yes: Source[] = [];
  const maybe: Source[] = [];
  for (const source of scope.sources) {
    const p = presence(source, name);
    if (p === 'yes') yes.push(source);
    else if (p === 'maybe') maybe.push(source);
  }
  if (yes.length === 1 && yes[0]) return readColumn(env, yes[0], name, at);
  if (yes.length > 1 && scope.using?.has(name)) return mergeSources(env, yes, name, at);
  if (yes.length > 1) return ambiguous(env, name, yes, at);
  if (alias && (scope.aliasMode === 'lateral' || scope.aliasMode === 'fallback')) return alias;
  if (maybe.length === 1 && maybe[0]) return readColumn(env, maybe[0], name, at);
  if (maybe.length > 1 && scope.using?.has(name)) return mergeSources(env, maybe, name, at);
  if (maybe.length > 1) return ambiguous(env, name, maybe, at);
  if (scope.parent) return resolveUnqualified(env, scope.parent, name, at, false);
  if (scope.sources.length > 0) {
    report(env, 'warning', 'unknown_column', `column '${name}' is in none of the tables in scope`, at);
  }
  return undefined;
}

function mergeSources(env: AnalysisEnv, sources: Source[], name: string, at?: number): LineageSet {
  const merged: LineageSet = new Map();
  for (const source of sources) {
    const found = readColumn(env, source, name, at);
    if (found) mergeInto(merged, found);
  }
  return merged;
}

function ambiguous(env: AnalysisEnv, name: string, sources: Source[], at?: number): undefined {
  const names = sources.map((s) => (s.kind === 'table' ? s.table : s.alias || '(subquery)')).join(', ');
  report(
    env,
    'warning',
    'ambiguous_column',
    `column '${name}' could come from ${names}; qualify it or give a schema`,
    at,
  );
  return undefined;
}
