import type { Payload } from './ast.js';
import { asArray, kindOf, payloadOf } from './ast.js';
import type { AnalysisEnv } from './env.js';
import { report } from './env.js';
import type { TableName } from './from-sources.js';
import { analyzeQuery } from './query-lineage.js';
import type { StatementLineage, Write } from './statement-lineage.js';
import { targetTable, writeFrom } from './statement-lineage.js';

function pathName(path: string): TableName {
  return { parts: [path], display: path, written: [path] };
}

function tableOnlyWrite(target: TableName, isPath = false): Write {
  return { target, temporary: false, isPath, fields: new Map(), indirect: new Map() };
}

/** `COPY [INTO] table FROM 'path'`: table-level lineage from files into the table. */
export function copyLineage(env: AnalysisEnv, payload: Payload): StatementLineage {
  const target = targetTable(env, payload.this);
  const files = asArray(payload.files)
    .map((f) => payloadOf(f, 'literal')?.value)
    .filter((v): v is string => typeof v === 'string');
  if (!target) return { kind: 'copy', writes: [] };
  if (payload.kind === false) {
    env.inputs.add(target.name.display);
    return { kind: 'copy', writes: files.map((f) => tableOnlyWrite(pathName(f), true)) };
  }
  for (const file of files) env.inputs.add(file);
  return { kind: 'copy', writes: [tableOnlyWrite(target.name)] };
}

/** `CREATE TABLE t CLONE src` (Snowflake): a copy of the source table. */
export function cloneLineage(env: AnalysisEnv, target: TableName, clone: unknown): Write[] {
  const source = targetTable(env, clone);
  if (!source) return [];
  env.inputs.add(source.name.display);
  const columns = env.catalog.lookup(source.name.parts);
  if (columns) env.catalog.define(target.parts, columns);
  return [tableOnlyWrite(target)];
}

/**
 * ALTER TABLE: a rename moves the table's identity; `EXCHANGE PARTITION ... WITH TABLE src`
 * (Hive) and `SWAP WITH src` (Snowflake) move data from the other table into this one.
 */
export function alterLineage(env: AnalysisEnv, payload: Payload): StatementLineage {
  const target = targetTable(env, payload.name);
  if (!target) return { kind: 'alter_table', writes: [] };
  for (const action of asArray(payload.actions)) {
    const kind = kindOf(action);
    const body = payloadOf(action);
    if (kind === 'RenameTable' && body) {
      const to = targetTable(env, body);
      if (to) return { kind: 'alter_table', writes: [], rename: { from: target.name, to: to.name } };
    }
    const raw = kind === 'Raw' && body && typeof body.sql === 'string' ? body.sql : undefined;
    const exchanged = raw ? /\bWITH\s+TABLE\s+([\w.`"[\]]+)/i.exec(raw)?.[1] : undefined;
    const swapped = kind === 'SwapWith' && body ? targetTable(env, body) : undefined;
    const sourceName = swapped?.name.display ?? exchanged?.replace(/[`"[\]]/g, '').toLowerCase();
    if (sourceName) {
      env.inputs.add(sourceName);
      return { kind: 'alter_table', writes: [tableOnlyWrite(target.name)] };
    }
  }
  return { kind: 'alter_table', writes: [] };
}

/** DROP TABLE: names the tables dropped, so tables created and dropped in one script are traced through. */
export function dropLineage(env: AnalysisEnv, payload: Payload): StatementLineage {
  const drops = asArray(payload.names)
    .map((n) => targetTable(env, n)?.name)
    .filter((n): n is TableName => n !== undefined);
  return { kind: 'drop_table', writes: [], drops };
}

const UNLOAD = /^\s*unload\s*\(\s*'((?:[^']|'')*)'\s*\)\s*to\s*'([^']*)'/i;

/** Statements the parser keeps as raw text: Redshift `UNLOAD ('query') TO 'path'`. */
export function commandLineage(env: AnalysisEnv, payload: Payload): StatementLineage {
  const text = typeof payload.this === 'string' ? payload.this : '';
  const unload = UNLOAD.exec(text);
  if (!unload) return { kind: 'command', writes: [] };
  const query = (unload[1] ?? '').replaceAll("''", "'");
  const parsed = env.parser.parse(query, env.rules.grammar);
  const node = parsed.ok ? parsed.statements[0] : undefined;
  if (!node) {
    report(env, 'warning', 'parse_error', `UNLOAD query not parsed: ${parsed.ok ? 'empty' : parsed.message}`);
    return { kind: 'unload', writes: [] };
  }
  const relation = analyzeQuery({ env, ctes: new Map() }, node, 0);
  const write = writeFrom(env, pathName(unload[2] ?? ''), relation, undefined, false);
  return { kind: 'unload', writes: [{ ...write, isPath: true, columns: undefined }] };
}
