import type { SqlExecutor } from './sql-driver.js';

/** How far each table the in-memory indexes follow has moved: the newest change of each. */
export interface Watermarks {
  /** `edges.change_seq`: the traversal index. */
  edges: number;
  /** `nodes.rev`: the node caches. */
  nodes: number;
  /** `dataset_versions.vid`, `runs.row_seq`, `assertion_results.aid`: the activity index. */
  versions: number;
  runs: number;
  assertions: number;
  /** `aliases.seq`: the alias cache. */
  aliases: number;
  /** `incidents.row_seq`: the incident index. */
  incidents: number;
}

// Each maximum is the last entry of an index: one statement, a few page reads, however large the tables.
const WATERMARKS_SQL = `SELECT (SELECT MAX(change_seq) FROM edges) AS edges, (SELECT MAX(rev) FROM nodes) AS nodes,
  (SELECT MAX(vid) FROM dataset_versions) AS versions, (SELECT MAX(row_seq) FROM runs) AS runs,
  (SELECT MAX(aid) FROM assertion_results) AS assertions, (SELECT MAX(seq) FROM aliases) AS aliases,
  (SELECT MAX(row_seq) FROM incidents) AS incidents`;

type Row = Record<keyof Watermarks, number | string | null>;

/**
 * Reads every watermark at once, so the indexes whose table did not move skip their feed query:
 * a read that checks every index costs one statement (one round trip on PostgreSQL) instead of one each.
 */
export async function readWatermarks(db: SqlExecutor): Promise<Watermarks> {
  const row = await db.get<Row>(WATERMARKS_SQL);
  const mark = (value: number | string | null | undefined) => Number(value ?? 0);
  return {
    edges: mark(row?.edges),
    nodes: mark(row?.nodes),
    versions: mark(row?.versions),
    runs: mark(row?.runs),
    assertions: mark(row?.assertions),
    aliases: mark(row?.aliases),
    incidents: mark(row?.incidents),
  };
}
