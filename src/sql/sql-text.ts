/**
 * A small lexical scanner over raw SQL text: enough to split scripts into statements, find
 * statement keywords at parenthesis depth 0 and blank out text while keeping every offset.
 * It knows strings, quoted identifiers, comments and PostgreSQL dollar quotes, nothing more.
 */
export interface Word {
  /** Upper-cased word text. */
  upper: string;
  start: number;
  end: number;
  depth: number;
}

export interface Piece {
  text: string;
  offset: number;
}

interface ScanOptions {
  hashComments: boolean;
}

const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordPart = (c: number) => isWordStart(c) || (c >= 48 && c <= 57) || c === 36 || c === 35 || c === 64;

/** Calls `onWord` for each bare word and `onSemicolon` for each `;` outside quotes and comments. */
function scan(
  sql: string,
  options: ScanOptions,
  onWord: ((w: Word) => void) | undefined,
  onSemicolon: (at: number) => void,
): void {
  let depth = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (c === 45 && next === 45) {
      i = lineEnd(sql, i);
    } else if (c === 35 && options.hashComments) {
      i = lineEnd(sql, i);
    } else if (c === 47 && next === 42) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === 39 || c === 34 || c === 96) {
      i = quoteEnd(sql, i, sql[i] as string);
    } else if (c === 91 && (isWordStart(next) || next === 35 || next === 64 || next === 32)) {
      const close = sql.indexOf(']', i + 1);
      i = close < 0 ? n : close + 1;
    } else if (c === 36 && (isWordStart(next) || next === 36)) {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else if (c === 40) {
      depth++;
      i++;
    } else if (c === 41) {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (c === 59) {
      onSemicolon(i);
      i++;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      if (onWord) onWord({ upper: sql.slice(i, j).toUpperCase(), start: i, end: j, depth });
      i = j;
    } else i++;
  }
}

function lineEnd(sql: string, from: number): number {
  const nl = sql.indexOf('\n', from);
  return nl < 0 ? sql.length : nl + 1;
}

function quoteEnd(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\' && quote === "'") i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Splits a script at top-level semicolons (and a lone `/` line, Oracle's terminator); drops empty pieces. */
export function splitStatements(sql: string, options: ScanOptions): Piece[] {
  // Most statements have no `;`, no `/` line and no comment: one piece, no scan needed.
  if (!sql.includes(';') && !sql.includes('/') && !sql.includes('--') && !(options.hashComments && sql.includes('#'))) {
    const pieces: Piece[] = [];
    pushPiece(pieces, sql, 0, sql.length);
    return pieces;
  }
  const cuts: number[] = [];
  scan(sql, options, undefined, (at) => cuts.push(at));
  const pieces: Piece[] = [];
  let start = 0;
  for (const cut of [...cuts, sql.length]) {
    pushPiece(pieces, sql, start, cut);
    start = cut + 1;
  }
  return pieces.flatMap((p) => splitOnSlashLines(p));
}

function pushPiece(out: Piece[], sql: string, start: number, end: number): void {
  const raw = sql.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text.length > 0 && !isOnlyComments(text)) out.push({ text, offset: start + lead });
}

function isOnlyComments(text: string): boolean {
  if (text[0] !== '-' && text[0] !== '/') return false;
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim().length === 0;
}

function splitOnSlashLines(piece: Piece): Piece[] {
  if (!piece.text.includes('/')) return [piece];
  if (!/^\s*\/\s*$/m.test(piece.text)) return [piece];
  const out: Piece[] = [];
  const re = /^\s*\/\s*$/gm;
  let start = 0;
  for (let m = re.exec(piece.text); m; m = re.exec(piece.text)) {
    pushPiece(out, piece.text, start, m.index);
    start = m.index + m[0].length;
  }
  pushPiece(out, piece.text, start, piece.text.length);
  return out.map((p) => ({ text: p.text, offset: p.offset + piece.offset }));
}

/** Bare words of a statement with their parenthesis depth. */
export function wordsOf(sql: string, options: ScanOptions): Word[] {
  const words: Word[] = [];
  scan(
    sql,
    options,
    (w) => words.push(w),
    () => {},
  );
  return words;
}

/** Replaces `[start, end)` with spaces so every other offset stays valid. */
export function blank(sql: string, start: number, end: number): string {
  return sql.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + sql.slice(end);
}

/** Converts a 0-based offset into 1-based line and column. */
export function lineColumnAt(sql: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  const end = Math.min(offset, sql.length);
  for (let i = 0; i < end; i++) {
    if (sql.charCodeAt(i) === 10) {
      line++;
      lastNl = i;
    }
  }
  return { line, column: offset - lastNl };
}

/** Converts 1-based line and column into a 0-based offset. */
export function offsetAt(sql: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = sql.indexOf('\n', offset);
    if (nl < 0) return sql.length;
    offset = nl + 1;
  }
  return Math.min(sql.length, offset + Math.max(0, column - 1));
}
