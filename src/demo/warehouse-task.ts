import type { DemoInputField } from './openlineage-facets.js';
import type { DemoTable } from './warehouse-tables.js';

/** One task of the daily Airflow DAG: the job, what it reads and writes, its SQL and column lineage. */
export interface DemoTask {
  /** Job name as the Airflow integration names it: `dag.task`. */
  name: string;
  description: string;
  owners: string[];
  integration: 'AIRFLOW' | 'SQL';
  jobType: 'TASK' | 'QUERY' | 'DAG';
  inputs: DemoTable[];
  output: DemoTable;
  sql: string | null;
  fields: Record<string, DemoInputField[]>;
  dataset: DemoInputField[];
  /** Rows written on the first simulated day; later days grow a little. */
  rows: number;
}

export const DAG = 'acme_daily';

type Kind =
  | 'IDENTITY'
  | 'TRANSFORMATION'
  | 'AGGREGATION'
  | 'JOIN'
  | 'FILTER'
  | 'GROUP_BY'
  | 'SORT'
  | 'WINDOW'
  | 'CONDITIONAL';
const INDIRECT = new Set<Kind>(['JOIN', 'FILTER', 'GROUP_BY', 'SORT', 'WINDOW', 'CONDITIONAL']);

/** One input column of a column-lineage entry; the OpenLineage type (DIRECT or INDIRECT) follows from the subtype. */
export function col(
  table: DemoTable,
  field: string,
  subtype: Kind,
  extra: { masking?: boolean; description?: string } = {},
): DemoInputField {
  return {
    namespace: table.namespace,
    name: table.name,
    field,
    type: INDIRECT.has(subtype) ? 'INDIRECT' : 'DIRECT',
    subtype,
    ...extra,
  };
}

/** Output columns copied unchanged from input columns: `{ output: input }`. */
export function identity(input: DemoTable, pairs: Record<string, string>): Record<string, DemoInputField[]> {
  return Object.fromEntries(Object.entries(pairs).map(([out, from]) => [out, [col(input, from, 'IDENTITY')]]));
}
