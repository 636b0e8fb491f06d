import type { AssertionResult, SchemaField } from '../model/graph.js';
import { type AssertionRow, toAssertionResult } from './rows.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';
import { WeightedLru } from './weighted-lru.js';

/** A dataset version as root cause cites it: its schema, and what wrote it. */
export interface VersionRecord {
  version: string;
  runId: string | null;
  /** The event-log record that wrote it (null before migration 13). */
  eventSeq: number | null;
  fields: SchemaField[];
}

interface VersionRow {
  vid: number;
  version: string;
  run_id: string | null;
  event_seq: number | string | null;
  fields: string;
}

const ROW_OVERHEAD = 200;
// Parsed JSON takes a few times its text.
const PARSED_FACTOR = 4;

/**
 * Rows that never change once written, by row id, read once and kept within a byte budget:
 * dataset versions and assertion results. Root cause cites the same few again and again (the
 * schemas on both sides of a schema change, the failed results, the fields of the node asked
 * about), and no invalidation is needed: neither table is ever updated or deleted from. Cached
 * values are shared: treat them as immutable.
 */
export class ImmutableRows {
  private readonly versionsByVid = new WeightedLru<number, VersionRecord>(8_000_000);
  private readonly assertionsByAid = new WeightedLru<number, AssertionResult>(4_000_000);

  constructor(private readonly db: SqlExecutor) {}

  /** Dataset versions by row id; ids without a row are absent. */
  versions(vids: readonly number[]): Promise<Map<number, VersionRecord>> {
    return this.load(this.versionsByVid, vids, async (part) => {
      const rows = await this.db.all<VersionRow>(
        `SELECT vid, version, run_id, event_seq, fields FROM dataset_versions WHERE vid IN (${placeholders(part.length)})`,
        part,
      );
      return rows.map((row) => {
        const record: VersionRecord = {
          version: row.version,
          runId: row.run_id,
          eventSeq: row.event_seq === null ? null : Number(row.event_seq),
          fields: JSON.parse(row.fields) as SchemaField[],
        };
        return [Number(row.vid), record, ROW_OVERHEAD + row.fields.length * PARSED_FACTOR];
      });
    });
  }

  /** Assertion results by row id; ids without a row are absent. */
  assertions(aids: readonly number[]): Promise<Map<number, AssertionResult>> {
    return this.load(this.assertionsByAid, aids, async (part) => {
      const rows = await this.db.all<AssertionRow & { aid: number }>(
        `SELECT aid, node_id, assertion, status, at, run_id, severity, details, event_seq FROM assertion_results
          WHERE aid IN (${placeholders(part.length)})`,
        part,
      );
      return rows.map((row) => [
        Number(row.aid),
        toAssertionResult(row),
        ROW_OVERHEAD + row.details.length * PARSED_FACTOR,
      ]);
    });
  }

  private async load<V>(
    cache: WeightedLru<number, V>,
    ids: readonly number[],
    read: (part: number[]) => Promise<[number, V, number][]>,
  ): Promise<Map<number, V>> {
    const found = new Map<number, V>();
    const missing: number[] = [];
    for (const id of ids) {
      const value = cache.get(id);
      if (value === undefined) missing.push(id);
      else found.set(id, value);
    }
    for (const part of chunk([...new Set(missing)])) {
      for (const [id, value, weight] of await read(part)) {
        cache.set(id, value, weight);
        found.set(id, value);
      }
    }
    return found;
  }
}
