import type { SchemaField } from '../../model/graph.js';
import type { SchemaFieldFacet } from './facet-schemas.js';

/** A schema field flattened to its dotted path (`address.city`), in schema order. */
export interface FlatField {
  path: string;
  type: string | null;
  description: string | null;
  /** 1-based position: the producer's `ordinal_position` when given, else the flattened order. */
  ordinal: number;
}

/** Converts the schema facet's fields to the model's nested {@link SchemaField} form. */
export function toSchemaFields(fields: readonly SchemaFieldFacet[]): SchemaField[] {
  return fields.map((field) => {
    const out: SchemaField = { name: field.name };
    if (field.type !== undefined) out.type = field.type;
    if (field.description !== undefined) out.description = field.description;
    if (field.fields !== undefined && field.fields.length > 0) out.fields = toSchemaFields(field.fields);
    return out;
  });
}

/** Flattens nested fields depth-first, parents before their children; duplicate paths keep the first. */
export function flattenSchemaFields(fields: readonly SchemaFieldFacet[]): FlatField[] {
  const out: FlatField[] = [];
  const seen = new Set<string>();
  const walk = (list: readonly SchemaFieldFacet[], prefix: string): void => {
    for (const field of list) {
      const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
      if (!seen.has(path)) {
        seen.add(path);
        out.push({
          path,
          type: field.type ?? null,
          description: field.description ?? null,
          ordinal: prefix === '' && field.ordinal_position !== undefined ? field.ordinal_position : out.length + 1,
        });
      }
      if (field.fields !== undefined) walk(field.fields, path);
    }
  };
  walk(fields, '');
  return out;
}
