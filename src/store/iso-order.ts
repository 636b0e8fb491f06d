/** The earlier of two canonical ISO times (they compare correctly as strings). */
export function earlierOf(a: string, b: string): string {
  return b < a ? b : a;
}

/** The later of two canonical ISO times. */
export function laterOf(a: string, b: string): string {
  return b > a ? b : a;
}

/** Orders items by id in code-unit order, as SQL `ORDER BY id` does on SQLite (not by locale). */
export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
