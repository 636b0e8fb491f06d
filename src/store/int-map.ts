const EMPTY = -1;

/**
 * A map from non-negative 32-bit integers to integers, in typed arrays (open addressing, linear
 * probing): the node keys an analysis places by the thousand leave no garbage for the young
 * generation, where a `Map` of them would cost tens of kilobytes per call.
 */
export class IntMap {
  private keys: Int32Array;
  private values: Int32Array;
  private count = 0;

  constructor(expected = 128) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Int32Array(capacity).fill(EMPTY);
    this.values = new Int32Array(capacity);
  }

  /** The value of `key`, or -1 when it has none. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let at = hash(key) & mask; ; at = (at + 1) & mask) {
      const found = this.keys[at];
      if (found === key) return this.values[at] ?? EMPTY;
      if (found === EMPTY) return EMPTY;
    }
  }

  set(key: number, value: number): void {
    const mask = this.keys.length - 1;
    for (let at = hash(key) & mask; ; at = (at + 1) & mask) {
      const found = this.keys[at];
      if (found === key) {
        this.values[at] = value;
        return;
      }
      if (found === EMPTY) {
        this.keys[at] = key;
        this.values[at] = value;
        // Kept at most half full, so probes stay short.
        if (++this.count * 2 > this.keys.length) this.grow();
        return;
      }
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2).fill(EMPTY);
    this.values = new Int32Array(keys.length * 2);
    this.count = 0;
    for (let at = 0; at < keys.length; at++) {
      const key = keys[at] ?? EMPTY;
      if (key !== EMPTY) this.set(key, values[at] ?? 0);
    }
  }
}

/** Fibonacci hashing: consecutive keys (node keys often are) spread over the table. */
function hash(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 7;
}
