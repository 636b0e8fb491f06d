import { type EdgeInput, edgeKey, type Transformation } from '../../model/graph.js';
import { fieldId } from '../../model/node-id.js';
import type { DerivedLineage } from './derive-lineage.js';
import type { DbtRelation } from './project-index.js';

/** Maps a column name as the SQL spelled it to the relation's own spelling (case-insensitive). */
export type FieldSpelling = (relation: DbtRelation, field: string) => string;

/**
 * DERIVES edges (origin `dbt`) of one model from its derived lineage: input column -> output
 * column, and input column -> output dataset for dependencies of every row (joins, filters).
 * The same pair named twice becomes one edge with the union of its transformations.
 */
export function buildDerivesEdges(
  lineage: DerivedLineage,
  output: DbtRelation,
  via: string,
  spell: FieldSpelling,
): EdgeInput[] {
  const edges = new Map<string, EdgeInput>();
  for (const field of lineage.fields) {
    const target =
      field.outputField === null
        ? output.datasetId
        : fieldId(output.namespace, output.name, spell(output, field.outputField));
    for (const input of field.inputs) {
      const source = fieldId(input.relation.namespace, input.relation.name, spell(input.relation, input.field));
      const edge: EdgeInput = {
        kind: 'DERIVES',
        source,
        target,
        origin: 'dbt',
        via,
        transformations: [],
        attributes: {},
      };
      const key = edgeKey(edge);
      const existing = edges.get(key) ?? edge;
      existing.transformations = mergeTransformations(existing.transformations, input.transformations);
      edges.set(key, existing);
    }
  }
  return [...edges.values()].sort((a, b) => edgeKey(a).localeCompare(edgeKey(b)));
}

function mergeTransformations(a: readonly Transformation[], b: readonly Transformation[]): Transformation[] {
  const out = [...a];
  for (const t of b) {
    if (!out.some((o) => o.type === t.type && o.subtype === t.subtype && o.masking === t.masking)) out.push(t);
  }
  return out.sort((x, y) => `${x.type}/${x.subtype ?? ''}`.localeCompare(`${y.type}/${y.subtype ?? ''}`));
}
