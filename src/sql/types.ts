/**
 * Public result types of the SQL analyzer. The column-lineage shapes are OpenLineage's
 * `ColumnLineageDatasetFacet` (fields -> inputFields with transformations, plus the dataset-level
 * `dataset` list for indirect dependencies that affect every row).
 */
export type TransformationType = 'DIRECT' | 'INDIRECT';
export type DirectSubtype = 'IDENTITY' | 'TRANSFORMATION' | 'AGGREGATION';
export type IndirectSubtype = 'JOIN' | 'GROUP_BY' | 'FILTER' | 'SORT' | 'WINDOW' | 'CONDITIONAL';

export interface Transformation {
  type: TransformationType;
  subtype: DirectSubtype | IndirectSubtype;
  description: string;
  masking: boolean;
}

export interface InputField {
  namespace?: string;
  /** Table name, qualified as far as the SQL and the defaults allow (`db.schema.table`). */
  name: string;
  /** Column name, or `*` for a wildcard whose columns are unknown. */
  field: string;
  transformations: Transformation[];
}

export interface ColumnLineageFacet {
  fields: Record<string, { inputFields: InputField[] }>;
  /** Dataset-level indirect dependencies: columns used in joins, filters, grouping and sorting. */
  dataset: InputField[];
}

export interface TableRef {
  namespace?: string;
  name: string;
}

export interface OutputLineage extends TableRef {
  columnLineage: ColumnLineageFacet;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface SqlDiagnostic {
  severity: DiagnosticSeverity;
  /** Stable machine-readable code, e.g. `parse_error`, `ambiguous_column`, `unexpanded_star`. */
  code: string;
  message: string;
  /** Index of the statement in the script (0-based). */
  statement: number;
  /** 1-based line and column and 0-based character offset in the whole input, when known. */
  line?: number;
  column?: number;
  offset?: number;
}

export interface StatementSummary {
  index: number;
  /** Statement kind: select, insert, create_table, create_view, merge, update, delete, other. */
  kind: string;
  offset: number;
  inputs: string[];
  outputs: string[];
}

/** Column lineage of the result set of a plain SELECT statement (no target table). */
export interface QueryResultLineage {
  statement: number;
  columnLineage: ColumnLineageFacet;
}

export interface SqlLineageResult {
  dialect: string;
  outputs: OutputLineage[];
  /** Result columns of plain SELECT statements. */
  queries?: QueryResultLineage[];
  inputs: TableRef[];
  statements: StatementSummary[];
  diagnostics: SqlDiagnostic[];
}

/** Table name -> column names; keys may be `table`, `schema.table` or `db.schema.table`. */
export type SqlSchema = Record<string, readonly string[]>;

export interface AnalyzeSqlOptions {
  dialect?: string;
  schema?: SqlSchema;
  defaultDatabase?: string;
  defaultSchema?: string;
  /** Namespace stamped on every input and output; omitted from the result when not given. */
  namespace?: string;
  /** Overrides the dialect's rule on whether select items may reference earlier aliases. */
  lateralColumnAliases?: boolean;
  /** Per-statement budget; defaults in `DEFAULT_BUDGET`. */
  budget?: Partial<AnalysisBudget>;
}

export interface AnalysisBudget {
  /** Longest statement text accepted, in characters. */
  maxStatementChars: number;
  /** Most AST nodes the walker visits in one statement. */
  maxNodes: number;
  /** Deepest expression or query nesting the walker follows. */
  maxDepth: number;
  /** Wall-clock milliseconds for the walk of one statement. */
  maxMillis: number;
  /** Most output columns of one statement. */
  maxColumns: number;
}
