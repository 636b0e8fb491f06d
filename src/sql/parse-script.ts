import type { AstNode } from './ast.js';
import type { DialectRules } from './dialects.js';
import type { SqlParser } from './parser.js';
import type { Word } from './sql-text.js';
import { blank, splitStatements, wordsOf } from './sql-text.js';

/** A parsed statement with the offset of its text in the whole script. */
export interface ParsedStatement {
  node: AstNode;
  /** Offset of the statement's first character in the script. */
  offset: number;
  /** What to add to the node's span offsets to get script offsets. */
  spanBase: number;
  /** Set when the statement was recovered from text the parser rejected as a whole. */
  recovery?: string;
}

export interface ParseFailure {
  message: string;
  /** Offset in the whole script where parsing stopped, when known. */
  offset: number;
  /** True for procedural statements (IF, LOOP, DECLARE...) inside a routine body. */
  procedural: boolean;
}

export interface ParsedScript {
  statements: ParsedStatement[];
  failures: ParseFailure[];
  oversized: { offset: number; length: number }[];
}

const STATEMENT_START = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'WITH',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'FROM',
]);
const DML_START = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'WITH', 'REPLACE', 'UPSERT']);
const AFTER_SELECT_LIST = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'CLUSTER',
  'DISTRIBUTE',
  'SORT',
  'WINDOW',
  'QUALIFY',
  'UNION',
]);
const MAX_ATTEMPTS = 12;
const ROUTINE_HEADER = /^\s*CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:\w+\s+){0,2}(?:PROCEDURE|FUNCTION|PROC)\b/i;

/**
 * Splits a script into statements and parses each one, recovering what a strict parse loses:
 * statements missing a `;` between them (T-SQL), redundant parentheses around a query body,
 * Hive multi-insert (`FROM src INSERT ... INSERT ...`), and DML inside procedure bodies.
 */
export function parseScript(sql: string, rules: DialectRules, parser: SqlParser, maxChars: number): ParsedScript {
  const out: ParsedScript = { statements: [], failures: [], oversized: [] };
  const opts = { hashComments: rules.hashComments };
  let inRoutine = false;
  const pieces = splitStatements(sql, opts);
  // Fast path: the whole script in one parse when it splits the same way we do.
  if (sql.length <= maxChars && pieces.length > 0) {
    const whole = parser.parse(sql, rules.grammar);
    if (whole.ok && whole.statements.length === pieces.length) {
      whole.statements.forEach((node, i) => {
        out.statements.push({ node, offset: pieces[i]?.offset ?? 0, spanBase: 0 });
      });
      return out;
    }
  }
  for (const piece of pieces) {
    if (piece.text.length > maxChars) {
      out.oversized.push({ offset: piece.offset, length: piece.text.length });
      continue;
    }
    if (ROUTINE_HEADER.test(piece.text.slice(0, 300))) inRoutine = true;
    if (inRoutine && parseRoutinePiece(piece.text, piece.offset)) continue;
    parsePiece(piece.text, piece.offset, 0, undefined);
  }
  return out;

  /**
   * Inside a routine body, a piece that does not start with DML is procedural (IF, LOOP, SET,
   * DECLARE): parse only the DML it contains, if any, instead of letting the whole piece fail.
   */
  function parseRoutinePiece(text: string, offset: number): boolean {
    const words = wordsOf(text, opts);
    const top = words.filter((w) => w.depth === 0);
    const first = top[0];
    if (first === undefined || DML_START.has(first.upper) || isCreateTableOrView(top)) return false;
    const inner = words.find((w) => w.start > 0 && DML_START.has(w.upper) && w.upper !== 'REPLACE');
    if (inner) parsePiece(text.slice(inner.start), offset + inner.start, 1, 'extracted from a procedural block');
    else
      out.failures.push({ message: `procedural statement '${first.upper}' has no lineage`, offset, procedural: true });
    return true;
  }

  function parsePiece(text: string, offset: number, attempt: number, recovery: string | undefined): void {
    const result = parser.parse(text, rules.grammar);
    if (result.ok) {
      for (const node of result.statements) out.statements.push({ node, offset, spanBase: offset, recovery });
      return;
    }
    const errorAt = result.offset ?? 0;
    if (attempt < MAX_ATTEMPTS && recover(text, offset, attempt, errorAt)) return;
    out.failures.push({ message: result.message, offset: offset + errorAt, procedural: inRoutine });
  }

  function recover(text: string, offset: number, attempt: number, errorAt: number): boolean {
    const words = wordsOf(text, opts);
    const top = words.filter((w) => w.depth === 0);
    const multi = splitMultiInsert(text, top);
    if (multi.length > 0) {
      for (const m of multi) parsePiece(m.text, offset + m.offset, MAX_ATTEMPTS, 'rewrote a multi-insert');
      return true;
    }
    const cut = top.find(
      (w) => w.start > 0 && w.start >= errorAt - 1 && w.start <= errorAt + 1 && STATEMENT_START.has(w.upper),
    );
    if (cut && top[0] && DML_START.has(top[0].upper)) {
      parsePiece(text.slice(0, cut.start).trimEnd(), offset, attempt + 1, 'split at a statement keyword');
      parsePiece(text.slice(cut.start), offset + cut.start, attempt + 1, 'split at a statement keyword');
      return true;
    }
    const unwrapped = unwrapDoubleParens(text);
    if (unwrapped !== text) {
      parsePiece(unwrapped, offset, attempt + 1, 'removed redundant parentheses');
      return true;
    }
    const rewritten = rewriteDialectForms(text, top, rules);
    if (rewritten !== undefined) {
      parsePiece(rewritten.text, offset, attempt + 1, rewritten.why);
      return true;
    }
    const first = top[0];
    const startsDml = first !== undefined && (DML_START.has(first.upper) || isCreateTableOrView(top));
    if (!startsDml) {
      const inner = words.find((w) => w.start > 0 && DML_START.has(w.upper) && w.upper !== 'REPLACE');
      if (inner) {
        parsePiece(text.slice(inner.start), offset + inner.start, attempt + 1, 'extracted from a procedural block');
        return true;
      }
    }
    return false;
  }
}

function isCreateTableOrView(top: Word[]): boolean {
  if (top[0]?.upper !== 'CREATE') return false;
  return top.slice(1, 6).some((w) => w.upper === 'TABLE' || w.upper === 'VIEW');
}

/** Blanks the outer pair of `((...))` where both pairs close together, keeping offsets. */
function unwrapDoubleParens(text: string): string {
  const match = matchingParens(text);
  let result = text;
  for (const [open, close] of match) {
    const innerOpen = nextNonSpace(text, open + 1);
    if (text[innerOpen] !== '(') continue;
    const innerClose = match.get(innerOpen);
    if (innerClose === undefined) continue;
    if (nextNonSpace(text, innerClose + 1) !== close) continue;
    result = blank(blank(result, open, open + 1), close, close + 1);
  }
  return result;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function matchingParens(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') stack.push(i);
    else if (c === ')') {
      const open = stack.pop();
      if (open !== undefined) pairs.set(open, i);
    }
  }
  return pairs;
}

/** Hive `[WITH ...] FROM src INSERT ... SELECT ... INSERT ... SELECT ...` as separate INSERTs. */
function splitMultiInsert(text: string, top: Word[]): { text: string; offset: number }[] {
  const inserts = top.filter((w) => w.upper === 'INSERT');
  const firstInsert = inserts[0];
  if (!firstInsert || inserts.length === 0) return [];
  const from = [...top].reverse().find((w) => w.upper === 'FROM' && w.start < firstInsert.start);
  if (!from || top.some((w) => w.upper === 'SELECT' && w.start > from.start && w.start < firstInsert.start)) return [];
  const prefix = text.slice(0, from.start);
  const fromClause = text.slice(from.start, firstInsert.start).trim();
  return inserts.map((insert, i) => {
    const end = inserts[i + 1]?.start ?? text.length;
    const body = text.slice(insert.start, end);
    const select = top.find((w) => w.upper === 'SELECT' && w.start > insert.start && w.start < end);
    const tail = select
      ? top.find((w) => AFTER_SELECT_LIST.has(w.upper) && w.start > select.start && w.start < end)
      : undefined;
    const at = (tail?.start ?? end) - insert.start;
    return { text: `${prefix}${body.slice(0, at)} ${fromClause} ${body.slice(at)}`, offset: insert.start };
  });
}

const EXPORT_TABLE = /^\s*EXPORT\s+TABLE\s+([\w.`"]+)\s*(?:PARTITION\s*\(([^)]*)\))?\s*TO\s*('[^']*')/i;

/**
 * Text-level rewrites for forms the parser lacks, each into the equivalent standard form:
 * `INSERT t SELECT` (no INTO), `CREATE TABLE t SELECT` (no AS), T-SQL compound assignment
 * (`+=`), and Hive `EXPORT TABLE t [PARTITION (...)] TO 'path'`.
 */
function rewriteDialectForms(
  text: string,
  top: Word[],
  rules: DialectRules,
): { text: string; why: string } | undefined {
  const [w0, w1, w2, w3] = top;
  if (w0?.upper === 'INSERT' && w1 && !['INTO', 'OVERWRITE', 'TABLE', 'IGNORE', 'ALL', 'FIRST'].includes(w1.upper)) {
    return { text: `${text.slice(0, w1.start)}INTO ${text.slice(w1.start)}`, why: 'added INTO after INSERT' };
  }
  if (w0?.upper === 'CREATE' && w1?.upper === 'TABLE' && w2 && (w3?.upper === 'SELECT' || w3?.upper === 'WITH')) {
    return { text: `${text.slice(0, w3.start)}AS ${text.slice(w3.start)}`, why: 'added AS before the query' };
  }
  if (rules.name === 'tsql' && /[-+*/%&|^]=/.test(text)) {
    return { text: text.replace(/([-+*/%&|^])=/g, ' ='), why: 'read compound assignment as assignment' };
  }
  const exported = EXPORT_TABLE.exec(text);
  if (exported) {
    const where = exported[2] ? ` WHERE ${exported[2].replaceAll(',', ' AND ')}` : '';
    return {
      text: `INSERT OVERWRITE DIRECTORY ${exported[3]} SELECT * FROM ${exported[1]}${where}`,
      why: 'read EXPORT TABLE as a directory insert',
    };
  }
  return undefined;
}
