import { type EdgeInput, edgeKey, type Transformation } from '../model/graph.js';

/**
 * Adds a DERIVES edge to the edges of one output, keyed by {@link edgeKey}: the same pair named
 * twice (an input read by two expressions of one column) becomes one edge carrying the union of
 * its transformations. Shared by every ingester that turns column lineage into edges, so they
 * all merge the same way.
 */
export function addDerivesEdge(
  edges: Map<string, EdgeInput>,
  edge: EdgeInput,
  transformations: readonly Transformation[],
): void {
  const key = edgeKey(edge);
  const existing = edges.get(key) ?? edge;
  existing.transformations = unionTransformations(existing.transformations, transformations);
  edges.set(key, existing);
}

/** The transformations of both lists, one per type, subtype and masking; the first one named is kept. */
export function unionTransformations(a: readonly Transformation[], b: readonly Transformation[]): Transformation[] {
  const out = new Map<string, Transformation>();
  for (const t of [...a, ...b]) {
    const key = `${t.type}|${t.subtype ?? ''}|${t.masking === true}`;
    if (!out.has(key)) out.set(key, t);
  }
  return [...out.values()];
}
