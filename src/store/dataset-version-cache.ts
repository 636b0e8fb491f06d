import { insertRows } from './multi-row-insert.js';
import { chunk, placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';

interface DatasetFacts {
  latest: { createdAt: string; hash: string } | null;
  /** Versions known to exist; `checked` holds every version whose existence is known. */
  existing: Set<string>;
  checked: Set<string>;
}

const DATASET_VERSION_COLUMNS = [
  'dataset_id',
  'version',
  'created_at',
  'run_id',
  'fields',
  'facets',
  'lifecycle_state',
  'schema_hash',
  'event_seq',
];

/**
 * What a write transaction knows about dataset versions: per dataset its latest version's schema
 * hash and which versions exist, loaded for a batch up front and kept current as it records new
 * versions, which are inserted on {@link DatasetVersionCache.flush} in the order recorded.
 */
export class DatasetVersionCache {
  private readonly datasets = new Map<string, DatasetFacts>();
  private readonly rows: SqlValue[][] = [];

  async flush(tx: SqlExecutor): Promise<void> {
    await insertRows(tx, 'dataset_versions', DATASET_VERSION_COLUMNS, this.rows.splice(0));
  }

  /** Loads the latest version of each dataset and which of the wanted versions exist. */
  async load(tx: SqlExecutor, wanted: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    const ids = [...wanted.keys()];
    for (const id of ids)
      this.datasets.set(id, { latest: null, existing: new Set(), checked: new Set(wanted.get(id)) });
    for (const part of chunk(ids)) {
      const rows = await tx.all<{ dataset_id: string; schema_hash: string; created_at: string }>(
        `SELECT d.dataset_id, d.schema_hash, d.created_at FROM dataset_versions d
          WHERE d.dataset_id IN (${placeholders(part.length)}) AND d.vid = (SELECT x.vid FROM dataset_versions x
            WHERE x.dataset_id = d.dataset_id ORDER BY x.created_at DESC, x.vid DESC LIMIT 1)`,
        part,
      );
      for (const row of rows) {
        const facts = this.datasets.get(row.dataset_id);
        if (facts) facts.latest = { createdAt: row.created_at, hash: row.schema_hash };
      }
    }
    const pairs = [...wanted].flatMap(([id, versions]) => [...versions].map((version) => [id, version] as const));
    for (const part of chunk(pairs, 256)) {
      const rows = await tx.all<{ dataset_id: string; version: string }>(
        `SELECT dataset_id, version FROM dataset_versions
          WHERE (dataset_id, version) IN (VALUES ${part.map(() => '(?, ?)').join(', ')})`,
        part.flat(),
      );
      for (const row of rows) this.datasets.get(row.dataset_id)?.existing.add(row.version);
    }
  }

  /** Whether `version` of the dataset is recorded, and the schema hash of its latest version. */
  async get(
    tx: SqlExecutor,
    datasetId: string,
    version: string,
  ): Promise<{ existing: boolean; latestHash: string | null }> {
    const facts = this.datasets.get(datasetId);
    if (facts?.checked.has(version))
      return { existing: facts.existing.has(version), latestHash: facts.latest?.hash ?? null };
    await this.flush(tx);
    const row = await tx.get<{ existing: number | null; latest_hash: string | null; latest_at: string | null }>(
      `SELECT (SELECT vid FROM dataset_versions WHERE dataset_id = ? AND version = ?) AS existing,
        (SELECT schema_hash FROM dataset_versions WHERE dataset_id = ? ORDER BY created_at DESC, vid DESC LIMIT 1)
          AS latest_hash,
        (SELECT created_at FROM dataset_versions WHERE dataset_id = ? ORDER BY created_at DESC, vid DESC LIMIT 1)
          AS latest_at`,
      [datasetId, version, datasetId, datasetId],
    );
    const existing = row?.existing != null;
    const latest =
      row?.latest_hash != null && row.latest_at != null ? { createdAt: row.latest_at, hash: row.latest_hash } : null;
    const entry = facts ?? { latest, existing: new Set<string>(), checked: new Set<string>() };
    entry.latest = latest;
    entry.checked.add(version);
    if (existing) entry.existing.add(version);
    this.datasets.set(datasetId, entry);
    return { existing, latestHash: latest?.hash ?? null };
  }

  /** Records a new dataset version row, columns as {@link DATASET_VERSION_COLUMNS} (written on flush). */
  write(row: SqlValue[]): void {
    const [datasetId, version, createdAt] = row;
    const hash = row[7];
    if (
      typeof datasetId !== 'string' ||
      typeof version !== 'string' ||
      typeof createdAt !== 'string' ||
      typeof hash !== 'string'
    )
      throw new Error('a dataset version row starts with dataset id, version and creation time');
    this.rows.push(row);
    const facts = this.datasets.get(datasetId);
    if (!facts) return;
    facts.existing.add(version);
    facts.checked.add(version);
    if (!facts.latest || createdAt >= facts.latest.createdAt) facts.latest = { createdAt, hash };
  }
}
