import type { SqlExecutor, SqlValue } from './sql-driver.js';

/** Column order of {@link PendingEdges} rows. */
export const EDGE_INSERT_COLUMNS = [
  'scope',
  'kind',
  'src',
  'dst',
  'via',
  'origin',
  'transformations',
  'attributes',
  'valid_from',
  'valid_to',
  'kind_code',
  'level_mask',
  'tmask',
  'from_ms',
  'to_ms',
  'change_seq',
  'via_nid',
  'opened_seq',
  'closed_seq',
] as const;

type Column = (typeof EDGE_INSERT_COLUMNS)[number];

const ROWS_PER_STATEMENT = 30;
const VALUES = `(${EDGE_INSERT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * Edge rows a batch opened, inserted together when it ends (in the order they were opened, so
 * their eids keep that order). Until then a row is known by a negative stand-in eid; closing or
 * changing it edits the pending row, which ends as the row the immediate insert and update would
 * have left.
 */
export class PendingEdges {
  private readonly rows: SqlValue[][] = [];

  /** Queues a row (values in {@link EDGE_INSERT_COLUMNS} order) and returns its stand-in eid. */
  add(row: SqlValue[]): number {
    this.rows.push(row);
    return -this.rows.length;
  }

  /** Sets columns of the pending row with stand-in eid `eid`. */
  set(eid: number, values: Partial<Record<Column, SqlValue>>): void {
    const row = this.rows[-eid - 1];
    if (!row) throw new Error(`no pending edge ${eid}`);
    for (const [column, value] of Object.entries(values)) {
      row[EDGE_INSERT_COLUMNS.indexOf(column as Column)] = value ?? null;
    }
  }

  /** `kind|src|dst|via` keys of the pending rows of `scope`. */
  keysOf(scope: string, keyOf: (kind: string, src: number, dst: number, via: string | null) => string): string[] {
    return this.rows
      .filter((row) => row[0] === scope)
      .map((row) => keyOf(String(row[1]), Number(row[2]), Number(row[3]), row[4] == null ? null : String(row[4])));
  }

  async flush(tx: SqlExecutor): Promise<void> {
    const rows = this.rows.splice(0);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const part = rows.slice(i, i + ROWS_PER_STATEMENT);
      await tx.run(
        `INSERT INTO edges (${EDGE_INSERT_COLUMNS.join(', ')}) VALUES ${part.map(() => VALUES).join(', ')}`,
        part.flat(),
      );
    }
  }
}
