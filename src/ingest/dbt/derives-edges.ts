import { type EdgeInput, edgeKey, type Transformation } from '../../model/graph.js';
import { fieldId } from '../../model/node-id.js';
import { addDerivesEdge } from '../derives-edge-map.js';
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
      addDerivesEdge(edges, edge, input.transformations);
    }
  }
  for (const edge of edges.values()) edge.transformations.sort(byTypeAndSubtype);
  return [...edges.values()].sort((a, b) => edgeKey(a).localeCompare(edgeKey(b)));
}

function byTypeAndSubtype(x: Transformation, y: Transformation): number {
  return `${x.type}/${x.subtype ?? ''}`.localeCompare(`${y.type}/${y.subtype ?? ''}`);
}
