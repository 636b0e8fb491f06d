import {
  DIRECT_SUBTYPES,
  type EdgeInput,
  type EdgeOrigin,
  INDIRECT_SUBTYPES,
  type Transformation,
} from '../../model/graph.js';
import { fieldId } from '../../model/node-id.js';
import { addDerivesEdge } from '../derives-edge-map.js';
import type { DatasetResolver } from './dataset-identity.js';
import type { ColumnLineageFacet } from './facet-schemas.js';
import type { ParsedEvent } from './parse-event.js';

/** One input column an output column (or the whole output dataset) depends on. */
export interface LineageInput {
  namespace: string;
  name: string;
  field: string;
  transformations: Transformation[];
}

/** What one output column derives from; `outputField` null means the whole output dataset. */
export interface FieldLineage {
  outputField: string | null;
  inputs: LineageInput[];
}

/**
 * Column lineage of one output dataset of an event, from one origin. The columnLineage facet is
 * one source; SQL analysis of the job's `sql` facet is another, producing the same shape with
 * origin `sql`, so both reach the graph through {@link buildDerivesEdges}.
 */
export interface OutputLineage {
  /** The output as the event names it (before alias resolution). */
  namespace: string;
  name: string;
  origin: EdgeOrigin;
  fields: FieldLineage[];
}

/** Reads the columnLineage facet of every output of a run or job event. */
export function columnLineageFromFacets(event: ParsedEvent): OutputLineage[] {
  if (event.kind === 'dataset') return [];
  const out: OutputLineage[] = [];
  for (const output of event.outputs) {
    const facet = output.standard.columnLineage;
    if (facet) out.push({ namespace: output.namespace, name: output.name, origin: 'facet', fields: readFacet(facet) });
  }
  return out;
}

function readFacet(facet: ColumnLineageFacet): FieldLineage[] {
  const fields: FieldLineage[] = Object.entries(facet.fields).map(([outputField, lineage]) => {
    // Facets before 1-1-0 describe the transformation once per output field, not per input.
    const legacy = legacyTransformation(lineage.transformationType, lineage.transformationDescription);
    return {
      outputField,
      inputs: lineage.inputFields.map((input) => ({
        namespace: input.namespace,
        name: input.name,
        field: input.field,
        transformations:
          input.transformations && input.transformations.length > 0
            ? input.transformations.map(toTransformation)
            : legacy,
      })),
    };
  });
  if (facet.dataset && facet.dataset.length > 0) {
    fields.push({
      outputField: null,
      inputs: facet.dataset.map((input) => ({
        namespace: input.namespace,
        name: input.name,
        field: input.field,
        transformations: (input.transformations ?? []).map(toTransformation),
      })),
    });
  }
  return fields;
}

function toTransformation(input: {
  type: 'DIRECT' | 'INDIRECT';
  subtype?: string | undefined;
  description?: string | undefined;
  masking?: boolean | undefined;
}): Transformation {
  const out: Transformation = { type: input.type };
  if (input.subtype !== undefined && input.subtype !== '') out.subtype = input.subtype.toUpperCase();
  if (input.description !== undefined && input.description !== '') out.description = input.description;
  if (input.masking !== undefined) out.masking = input.masking;
  return out;
}

const DIRECT = new Set<string>(DIRECT_SUBTYPES);
const INDIRECT = new Set<string>(INDIRECT_SUBTYPES);

function legacyTransformation(type: string | undefined, description: string | undefined): Transformation[] {
  const subtype = (type ?? '').trim().toUpperCase();
  if (subtype === '') return [];
  const text = description !== undefined && description !== '' ? description : undefined;
  if (INDIRECT.has(subtype)) return [withDescription({ type: 'INDIRECT', subtype }, text)];
  if (DIRECT.has(subtype)) return [withDescription({ type: 'DIRECT', subtype }, text)];
  // A free-form legacy type ("CAST", "CONCAT") is a direct transformation; keep its word.
  return [withDescription({ type: 'DIRECT', subtype: 'TRANSFORMATION' }, text ?? subtype)];
}

function withDescription(transformation: Transformation, description: string | undefined): Transformation {
  return description === undefined ? transformation : { ...transformation, description };
}

/**
 * DERIVES edges of one output: input column -> output column, or input column -> output dataset
 * for dataset-wide dependencies. Every id is resolved through aliases; an input named twice for
 * the same output column yields one edge carrying the union of its transformations.
 */
export function buildDerivesEdges(lineage: OutputLineage, resolve: DatasetResolver, via: string): EdgeInput[] {
  const output = resolve(lineage.namespace, lineage.name);
  const edges = new Map<string, EdgeInput>();
  for (const field of lineage.fields) {
    const target = field.outputField === null ? output.id : fieldId(output.namespace, output.name, field.outputField);
    for (const input of field.inputs) {
      const source = resolve(input.namespace, input.name);
      const edge: EdgeInput = {
        kind: 'DERIVES',
        source: fieldId(source.namespace, source.name, input.field),
        target,
        origin: lineage.origin,
        via,
        transformations: [],
        attributes: {},
      };
      addDerivesEdge(edges, edge, input.transformations);
    }
  }
  return [...edges.values()];
}
