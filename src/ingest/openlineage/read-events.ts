import { InputError, type InputIssue } from '../../model/errors.js';

export interface ReadEvents {
  /** The parsed values, in input order; each is validated later as an event. */
  events: unknown[];
  /** The 1-based line each event starts on, index for index with `events`. */
  lines: number[];
}

/**
 * Reads OpenLineage events from text: one JSON event, a JSON array of events, or NDJSON (one
 * event per line, blank lines ignored). Nothing is returned unless all of it parses: malformed
 * input raises an {@link InputError} whose issues name every unparsable line.
 */
export function readEventsFromText(text: string): ReadEvents {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const start = body.search(/\S/);
  if (start === -1) throw new InputError('no events: the input is empty', { path: 'line 1' });
  const whole = tryParse(body);
  if (whole.ok) {
    if (Array.isArray(whole.value)) return { events: whole.value, lines: arrayElementLines(body) };
    return { events: [whole.value], lines: [lineAt(body, start)] };
  }
  if (body.charAt(start) === '[')
    throw unparsable([{ path: jsonErrorLine(body, whole.message), message: whole.message }]);
  return readNdjson(body, whole.message);
}

function readNdjson(body: string, wholeMessage: string): ReadEvents {
  const events: unknown[] = [];
  const lines: number[] = [];
  const issues: InputIssue[] = [];
  const rows = body.split('\n');
  for (const [index, row] of rows.entries()) {
    const line = row.endsWith('\r') ? row.slice(0, -1) : row;
    if (line.trim() === '') continue;
    const parsed = tryParse(line);
    if (parsed.ok) {
      events.push(parsed.value);
      lines.push(index + 1);
    } else {
      // A pretty-printed event that does not parse is one broken document, not many broken lines.
      if (events.length === 0 && issues.length === 0 && !line.trim().endsWith('}')) {
        throw unparsable([{ path: jsonErrorLine(body, wholeMessage), message: wholeMessage }]);
      }
      issues.push({ path: `line ${index + 1}`, message: parsed.message });
    }
  }
  if (issues.length > 0) throw unparsable(issues);
  return { events, lines };
}

function unparsable(issues: InputIssue[]): InputError {
  const lines = issues.map((issue) => issue.path.replace('line ', ''));
  const where =
    lines.length === 1
      ? `line ${lines[0]}`
      : `lines ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', ...' : ''}`;
  return new InputError(`malformed JSON at ${where}: ${issues[0]?.message ?? 'not JSON'}`, {
    path: issues[0]?.path ?? 'line 1',
    issues,
  });
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // JSON.parse throws SyntaxError for bad JSON and RangeError for absurd nesting.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: conciseMessage(message) };
  }
}

/** V8 quotes the whole input in some messages; keep the reason, not a megabyte of JSON. */
function conciseMessage(message: string): string {
  const quoted = /^(Unexpected token .*?), ".*" is not valid JSON$/s.exec(message);
  const reason = quoted?.[1] ?? message;
  return reason.length > 200 ? `${reason.slice(0, 197)}...` : reason;
}

function jsonErrorLine(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return `line ${lineAt(text, Number(position[1]))}`;
  if (/Unexpected end of JSON input/.test(message)) return `line ${lineAt(text, text.length)}`;
  return `line ${lineAt(text, text.search(/\S/))}`;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line each top-level element of a (valid) JSON array starts on. */
function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectValue && !/\s/.test(char) && char !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectValue = true;
  }
  return lines;
}
