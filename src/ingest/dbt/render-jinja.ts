import type { Diagnostic } from '../../model/graph.js';

/** How `ref()`, `source()` and `this` resolve for one node: to the relation names compiled SQL would use. */
export interface RenderContext {
  self: string;
  ref(name: string, packageName: string | null, version: string | null): string | null;
  source(sourceName: string, tableName: string): string | null;
}

export interface RenderedSql {
  sql: string;
  /** False when Jinja remained that Rootline does not render; the SQL is then not analyzed. */
  complete: boolean;
  diagnostics: Diagnostic[];
}

const COMMENT = /\{#[\s\S]*?#\}/g;
const INCREMENTAL_BLOCK = /\{%-?\s*if\s+is_incremental\(\s*\)\s*-?%\}[\s\S]*?\{%-?\s*endif\s*-?%\}/g;
const SNAPSHOT_TAG = /\{%-?\s*(?:snapshot\s+\w+|endsnapshot)\s*-?%\}/g;
const EXPRESSION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const STATEMENT = /\{%-?\s*([\s\S]*?)\s*-?%\}/g;
const STRING_ARGS = /(['"])((?:(?!\1).)*)\1/g;

/**
 * Renders the raw SQL of a node written by `dbt parse` (no compiled SQL): `ref()`, `source()`,
 * `this` and `config()` become what dbt would have produced; `is_incremental()` blocks are
 * dropped (a full refresh). Every other macro or statement is left in place with a diagnostic,
 * because guessing its output would invent lineage.
 */
export function renderDbtSql(raw: string, context: RenderContext): RenderedSql {
  const diagnostics: Diagnostic[] = [];
  let complete = true;
  let sql = raw.replace(COMMENT, '').replace(INCREMENTAL_BLOCK, '').replace(SNAPSHOT_TAG, '');
  sql = sql.replace(EXPRESSION, (whole, expression: string) => {
    const rendered = renderExpression(expression.trim(), context);
    if (rendered !== null) return rendered;
    complete = false;
    diagnostics.push({
      severity: 'warning',
      code: 'dbt.unrendered-jinja',
      message: `the expression {{ ${truncate(expression.trim())} }} is a macro Rootline does not render; column lineage was not derived from this SQL`,
    });
    return whole;
  });
  sql = sql.replace(STATEMENT, (whole, statement: string) => {
    complete = false;
    diagnostics.push({
      severity: 'warning',
      code: 'dbt.unrendered-jinja',
      message: `the statement {% ${truncate(statement.trim())} %} is not rendered by Rootline; column lineage was not derived from this SQL`,
    });
    return whole;
  });
  return { sql: sql.trim(), complete, diagnostics };
}

function renderExpression(expression: string, context: RenderContext): string | null {
  if (expression === 'this') return context.self;
  const call = /^(ref|source|config)\s*\(([\s\S]*)\)$/.exec(expression);
  if (!call?.[1]) return null;
  const args = call[2] ?? '';
  if (call[1] === 'config') return '';
  const strings = [...args.replace(/\b(?:v|version)\s*=\s*(['"]?)[^,)'"]*\1/g, '').matchAll(STRING_ARGS)].map(
    (match) => match[2] ?? '',
  );
  if (call[1] === 'source') {
    const [sourceName, tableName] = strings;
    if (sourceName === undefined || tableName === undefined) return null;
    return context.source(sourceName, tableName);
  }
  const version = /\b(?:v|version)\s*=\s*['"]?([^,)'"\s]+)/.exec(args)?.[1] ?? null;
  if (strings.length === 1 && strings[0] !== undefined) return context.ref(strings[0], null, version);
  if (strings.length === 2 && strings[0] !== undefined && strings[1] !== undefined) {
    return context.ref(strings[1], strings[0], version);
  }
  return null;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
