type TypedArray = Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array;

/**
 * `array` itself when it holds `size` elements, else a copy at least twice as long, the new tail
 * set to `fill`: the growth step of the in-memory indexes' per-edge and per-node arrays.
 */
export function grow<T extends TypedArray>(array: T, size: number, fill = 0): T {
  if (array.length >= size) return array;
  const length = Math.max(1024, size, array.length * 2);
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}
