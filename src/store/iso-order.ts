/** The earlier of two canonical ISO times (they compare correctly as strings). */
export function earlierOf(a: string, b: string): string {
  return b < a ? b : a;
}

/** The later of two canonical ISO times. */
export function laterOf(a: string, b: string): string {
  return b > a ? b : a;
}
