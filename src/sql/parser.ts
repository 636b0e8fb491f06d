import type { AstNode } from './ast.js';

/**
 * The parser boundary. The analyzer calls only this interface, so the parser can be swapped:
 * an adapter parses one statement in a grammar and returns nodes in the vocabulary of `ast.ts`
 * (sqlglot's expression kinds), or an error with the character offset where parsing stopped.
 */
export type ParseOutcome =
  | { ok: true; statements: AstNode[] }
  | { ok: false; message: string; offset?: number; line?: number; column?: number };

export interface SqlParser {
  readonly name: string;
  /** Loads the parser (e.g. a WASM module); idempotent. */
  init(): Promise<void>;
  isReady(): boolean;
  parse(sql: string, grammar: string): ParseOutcome;
  /** Renders an expression back to SQL text, used to name unaliased computed columns. */
  render(node: AstNode, grammar: string): string | undefined;
}
