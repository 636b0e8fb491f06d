interface Entry<V> {
  value: V;
  weight: number;
  /** Read since it was last inserted or spared: spared once more when it comes up for eviction. */
  used: boolean;
}

/**
 * A least-recently-used map bounded by the total weight of its values (roughly their size in
 * bytes), so a cache of parsed rows cannot grow the process past its memory budget. Recency is
 * approximated the "second chance" way: a hit only flags the entry, and eviction moves flagged
 * entries to the back instead of dropping them. A hit then costs one lookup, which matters when a
 * walk reads ten thousand entries.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private total = 0;

  /** `onDrop` hears of every entry that leaves: evicted, deleted, replaced or cleared. */
  constructor(
    private readonly maxWeight: number,
    private readonly onDrop: (key: K, value: V) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Stores `value` unless it alone outweighs the budget; true when stored. */
  set(key: K, value: V, weight: number): boolean {
    this.delete(key);
    if (weight > this.maxWeight) return false;
    this.entries.set(key, { value, weight, used: false });
    this.total += weight;
    this.evict(key);
    return true;
  }

  /** Drops entries, oldest first, until the budget holds; never `stored`, the entry just set. */
  private evict(stored: K): void {
    // Each flagged entry is spared once, so this ends within two passes.
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxWeight) return;
      if (oldest === stored) continue;
      this.entries.delete(oldest);
      if (entry.used) {
        entry.used = false;
        this.entries.set(oldest, entry);
      } else {
        this.total -= entry.weight;
        this.onDrop(oldest, entry.value);
      }
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.weight;
    this.onDrop(key, entry.value);
  }

  clear(): void {
    for (const [key, entry] of this.entries) this.onDrop(key, entry.value);
    this.entries.clear();
    this.total = 0;
  }
}
