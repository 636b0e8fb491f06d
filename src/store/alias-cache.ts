import { aliasedDatasetOf, canonicalId } from './aliases.js';
import type { SqlExecutor } from './sql-driver.js';

const MAX_ENTRIES = 50_000;

/**
 * Datasets looked up in the alias table, with their canonical id (null: not an alias), so a read
 * that resolves the same id again needs no query. Aliases are rare and rarely change: when one is
 * written anywhere (`aliases.seq` moved, every write takes its event-log record's number), every
 * lookup is forgotten.
 */
export class AliasCache {
  private readonly known = new Map<string, string | null>();
  private lastSeq = -1;
  /** Moves when lookups are forgotten: a lookup that started before must not be kept. */
  private generation = 0;

  constructor(private readonly db: SqlExecutor) {}

  /** Forgets every lookup when `upTo`, the newest `aliases.seq` the caller read, is past the last one seen. */
  refresh(upTo: number): void {
    if (upTo <= this.lastSeq) return;
    this.lastSeq = upTo;
    this.known.clear();
    this.generation += 1;
  }

  /** The canonical id of a node id (itself unless its dataset is an alias); call {@link refresh} first. */
  async canonicalOf(id: string): Promise<string> {
    const dataset = aliasedDatasetOf(id);
    if (dataset === null) return id;
    let canonical = this.known.get(dataset);
    if (canonical === undefined) {
      const generation = this.generation;
      const row = await this.db.get<{ canonical: string }>('SELECT canonical FROM aliases WHERE alias = ?', [dataset]);
      canonical = row?.canonical ?? null;
      if (generation === this.generation) this.remember(dataset, canonical);
    }
    return canonical === null ? id : canonicalId(id, new Map([[dataset, canonical]]));
  }

  private remember(dataset: string, canonical: string | null): void {
    if (this.known.size >= MAX_ENTRIES) this.known.delete(this.known.keys().next().value as string);
    this.known.set(dataset, canonical);
  }
}
