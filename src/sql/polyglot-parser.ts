import { Dialect, generate, init, isInitialized, parse } from '@polyglot-sql/sdk';
import type { AstNode } from './ast.js';
import { isObject } from './ast.js';
import type { ParseOutcome, SqlParser } from './parser.js';

const GRAMMARS = new Map<string, Dialect>(Object.values(Dialect).map((d) => [d as string, d]));

function grammarOf(name: string): Dialect {
  return GRAMMARS.get(name) ?? Dialect.Generic;
}

/** `@polyglot-sql/sdk` (sqlglot rebuilt in Rust/WASM) behind the {@link SqlParser} boundary. */
export function createPolyglotParser(): SqlParser {
  return {
    name: '@polyglot-sql/sdk',
    async init() {
      if (!isInitialized()) await init();
    },
    isReady: () => isInitialized(),
    parse(sql: string, grammar: string): ParseOutcome {
      let result: ReturnType<typeof parse>;
      try {
        result = parse(sql, grammarOf(grammar));
      } catch (error) {
        return { ok: false, message: `parser failure: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (result.success) {
        const statements: AstNode[] = (result.ast ?? []).filter(isObject);
        return { ok: true, statements };
      }
      return {
        ok: false,
        message: result.error ?? 'parse error',
        offset: result.errorStart,
        line: result.errorLine,
        column: result.errorColumn,
      };
    },
    render(node: AstNode, grammar: string): string | undefined {
      try {
        const out = generate([node], grammarOf(grammar));
        return out.success ? out.sql?.[0] : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
