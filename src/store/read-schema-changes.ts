import { parseNodeId } from '../model/node-id.js';
import { type DatasetVersionRow, toDatasetVersion } from './rows.js';
import { chunk, placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';
import type { SchemaChangeQuery, SchemaChanges } from './store.js';

const DV_COLUMNS = 'vid, dataset_id, version, created_at, run_id, fields, facets, lifecycle_state, schema_hash';

interface Candidate {
  vid: number;
  prev_vid: number;
  dataset_id: string;
  created_at: string;
}

/** Versions in the window whose hash differs from the one before, of the datasets `datasets` (SQL) selects. */
async function changedVersions(
  db: SqlExecutor,
  query: SchemaChangeQuery,
  datasets: string,
  params: readonly SqlValue[],
): Promise<Candidate[]> {
  const rows = await db.all<Candidate>(
    `SELECT vid, prev_vid, dataset_id, created_at FROM (
       SELECT vid, dataset_id, created_at, schema_hash,
              LAG(schema_hash) OVER w AS prev_hash, LAG(vid) OVER w AS prev_vid
         FROM dataset_versions
        WHERE created_at <= ? AND dataset_id IN (${datasets})
       WINDOW w AS (PARTITION BY dataset_id ORDER BY created_at, vid)
     ) c WHERE c.created_at > ? AND c.prev_hash <> c.schema_hash
     ORDER BY c.created_at DESC, c.vid DESC`,
    [query.until, ...params, query.since],
  );
  return rows.map((row) => ({ ...row, vid: Number(row.vid), prev_vid: Number(row.prev_vid) }));
}

/**
 * Versions created in (since, until] whose schema hash differs from the version before them, with
 * that version, newest first. Schemas are compared by hash in SQL, so a window of a hundred
 * thousand new versions reads only the few that changed a schema.
 */
export async function readSchemaChanges(db: SqlExecutor, query: SchemaChangeQuery): Promise<SchemaChanges> {
  const candidates: Candidate[] = [];
  if (query.datasetIds === undefined) {
    candidates.push(
      ...(await changedVersions(
        db,
        query,
        'SELECT dataset_id FROM dataset_versions WHERE created_at > ? AND created_at <= ?',
        [query.since, query.until],
      )),
    );
  } else {
    for (const part of chunk(query.datasetIds))
      candidates.push(...(await changedVersions(db, query, placeholders(part.length), part)));
    candidates.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.vid - a.vid));
  }
  const wanted = candidates.filter((row) => {
    const ref = parseNodeId(row.dataset_id);
    const namespace = ref.kind === 'dataset' ? ref.namespace : null;
    return query.namespaces === undefined || (namespace !== null && query.namespaces.includes(namespace));
  });
  const kept = wanted.slice(0, query.limit);
  const rows = new Map<number, DatasetVersionRow>();
  const vids = kept.flatMap((row) => [Number(row.vid), Number(row.prev_vid)]);
  for (const part of chunk(vids)) {
    const found = await db.all<DatasetVersionRow & { vid: number }>(
      `SELECT ${DV_COLUMNS} FROM dataset_versions WHERE vid IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of found) rows.set(Number(row.vid), row);
  }
  const items = kept.flatMap((row) => {
    const current = rows.get(Number(row.vid));
    const previous = rows.get(Number(row.prev_vid));
    return current && previous ? [{ current: toDatasetVersion(current), previous: toDatasetVersion(previous) }] : [];
  });
  return { items, partial: wanted.length > kept.length };
}
