/**
 * The SQL dialects the analyzer accepts, with the per-dialect rules the walker needs:
 * which parser grammar to use, how unquoted identifiers fold, and whether a select item may
 * refer to an alias defined earlier in the same select list (lateral column aliases).
 */
export const SQL_DIALECTS = [
  'ansi',
  'postgres',
  'redshift',
  'snowflake',
  'bigquery',
  'spark',
  'databricks',
  'hive',
  'mysql',
  'trino',
  'athena',
  'duckdb',
  'tsql',
  'oracle',
] as const;

export type SqlDialect = (typeof SQL_DIALECTS)[number];

/** How an unquoted identifier is normalized: most engines lower-case, Snowflake and Oracle upper-case. */
export type CaseFolding = 'lower' | 'upper';

export interface DialectRules {
  readonly name: SqlDialect;
  /** The grammar name of the parser (polyglot's dialect names). */
  readonly grammar: string;
  readonly folding: CaseFolding;
  readonly lateralColumnAliases: boolean;
  /** `#` starts a line comment (MySQL); elsewhere `#` is part of names such as T-SQL temp tables. */
  readonly hashComments: boolean;
}

const RULES: Record<SqlDialect, DialectRules> = {
  ansi: rule('ansi', 'generic', 'lower', false),
  postgres: rule('postgres', 'postgresql', 'lower', false),
  redshift: rule('redshift', 'redshift', 'lower', true),
  snowflake: rule('snowflake', 'snowflake', 'upper', true),
  bigquery: rule('bigquery', 'bigquery', 'lower', true),
  spark: rule('spark', 'spark', 'lower', true),
  databricks: rule('databricks', 'databricks', 'lower', true),
  hive: rule('hive', 'hive', 'lower', false),
  mysql: { ...rule('mysql', 'mysql', 'lower', false), hashComments: true },
  trino: rule('trino', 'trino', 'lower', false),
  athena: rule('athena', 'athena', 'lower', false),
  duckdb: rule('duckdb', 'duckdb', 'lower', true),
  tsql: rule('tsql', 'tsql', 'lower', false),
  oracle: rule('oracle', 'oracle', 'upper', false),
};

function rule(name: SqlDialect, grammar: string, folding: CaseFolding, lateral: boolean): DialectRules {
  return { name, grammar, folding, lateralColumnAliases: lateral, hashComments: false };
}

/** Thrown for a dialect name that is not in {@link SQL_DIALECTS}; callers map it to an input error. */
export class UnknownDialectError extends Error {
  readonly dialect: string;
  readonly validDialects: readonly string[];
  constructor(dialect: string) {
    super(`unknown SQL dialect '${dialect}'; valid dialects: ${SQL_DIALECTS.join(', ')}`);
    this.name = 'UnknownDialectError';
    this.dialect = dialect;
    this.validDialects = SQL_DIALECTS;
  }
}

/** True when `name` is one of {@link SQL_DIALECTS}. */
export function isSqlDialect(name: string): name is SqlDialect {
  return (SQL_DIALECTS as readonly string[]).includes(name);
}

/** Rules for a dialect name (case-insensitive); throws {@link UnknownDialectError} for unknown names. */
export function getDialectRules(name: string): DialectRules {
  const key = name.trim().toLowerCase();
  if (!isSqlDialect(key)) throw new UnknownDialectError(name);
  return RULES[key];
}
