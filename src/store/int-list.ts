/**
 * A growable list of 32-bit integers in a typed array: the results of a large walk without a
 * JavaScript array element per node (typed array memory stays out of the young generation the
 * garbage collector copies).
 */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** Replaces the value at `index` (an index below {@link length}). */
  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The value at `index` (0 past the end). */
  at(index: number): number {
    return this.data[index] ?? 0;
  }

  /** The values so far, as a view (valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
