import type { Catalog } from './catalog.js';
import type { DialectRules } from './dialects.js';
import type { SqlParser } from './parser.js';
import type { Relation } from './scope.js';
import type { AnalysisBudget, DiagnosticSeverity, SqlDiagnostic } from './types.js';

/** Raised inside the walker when a statement exceeds its budget; caught per statement. */
export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/** Mutable state of one analysis: dialect rules, known tables, diagnostics and the budget. */
export interface AnalysisEnv {
  rules: DialectRules;
  lateral: boolean;
  parser: SqlParser;
  catalog: Catalog;
  defaultDatabase?: string;
  defaultSchema?: string;
  /** Temporary tables created earlier in the script, traced through instead of reported. */
  temps: Map<string, Relation>;
  budget: AnalysisBudget;
  /** Per-statement state. */
  statement: number;
  /** Offset of the statement's first character in the whole input. */
  statementOffset: number;
  /** What to add to AST span offsets to get offsets in the whole input. */
  spanBase: number;
  inputs: Set<string>;
  nodes: number;
  deadline: number;
  diagnostics: SqlDiagnostic[];
  /** Maps an AST span offset to a position in the whole input; undefined means the statement start. */
  locate(offset: number | undefined): { line?: number; column?: number; offset?: number };
}

export function report(
  env: AnalysisEnv,
  severity: DiagnosticSeverity,
  code: string,
  message: string,
  offset?: number,
): void {
  env.diagnostics.push({ severity, code, message, statement: env.statement, ...env.locate(offset) });
}

/** Counts one unit of walking work; throws {@link BudgetExceededError} past the limits. */
export function tick(env: AnalysisEnv, depth: number): void {
  env.nodes++;
  if (depth > env.budget.maxDepth) throw new BudgetExceededError(`nesting deeper than ${env.budget.maxDepth}`);
  if (env.nodes > env.budget.maxNodes) throw new BudgetExceededError(`more than ${env.budget.maxNodes} AST nodes`);
  if ((env.nodes & 1023) === 0 && performance.now() > env.deadline) {
    throw new BudgetExceededError(`analysis took longer than ${env.budget.maxMillis} ms`);
  }
}
