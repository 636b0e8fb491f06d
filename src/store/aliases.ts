import { datasetId, fieldId, parseNodeId } from '../model/node-id.js';
import { chunk, placeholders, type SqlExecutor } from './sql-driver.js';

/** The dataset id whose alias matters for `id`: itself for a dataset, its dataset for a field. */
export function aliasedDatasetOf(id: string): string | null {
  if (id.startsWith('dataset:')) return id;
  if (!id.startsWith('datasetField:')) return null;
  const ref = parseNodeId(id);
  return ref.kind === 'datasetField' ? datasetId(ref.namespace, ref.name) : null;
}

/** Loads the recorded aliases among the datasets that `ids` name (directly or through a field). */
export async function loadAliases(db: SqlExecutor, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const id of ids) {
    const dataset = aliasedDatasetOf(id);
    if (dataset) wanted.add(dataset);
  }
  const out = new Map<string, string>();
  for (const part of chunk([...wanted])) {
    const rows = await db.all<{ alias: string; canonical: string }>(
      `SELECT alias, canonical FROM aliases WHERE alias IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) out.set(row.alias, row.canonical);
  }
  return out;
}

/** Rewrites a dataset id, or a field id of an aliased dataset, to its canonical form. */
export function canonicalId(id: string, aliases: ReadonlyMap<string, string>): string {
  if (aliases.size === 0) return id;
  const direct = aliases.get(id);
  if (direct) return direct;
  if (!id.startsWith('datasetField:')) return id;
  const ref = parseNodeId(id);
  if (ref.kind !== 'datasetField') return id;
  const canonical = aliases.get(datasetId(ref.namespace, ref.name));
  if (!canonical) return id;
  const target = parseNodeId(canonical);
  return target.kind === 'dataset' ? fieldId(target.namespace, target.name, ref.field) : id;
}
