export { analyzeSql, DEFAULT_BUDGET, initSqlAnalyzer } from './analyze-sql.js';
export type { DialectRules, SqlDialect } from './dialects.js';
export { getDialectRules, isSqlDialect, SQL_DIALECTS, UnknownDialectError } from './dialects.js';
export type { SqlParser } from './parser.js';
export { createPolyglotParser } from './polyglot-parser.js';
export type {
  AnalysisBudget,
  AnalyzeSqlOptions,
  ColumnLineageFacet,
  InputField,
  OutputLineage,
  QueryResultLineage,
  SqlDiagnostic,
  SqlLineageResult,
  SqlSchema,
  StatementSummary,
  TableRef,
  Transformation,
} from './types.js';
