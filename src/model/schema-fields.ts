import type { SchemaField } from './graph.js';

/** A schema's fields in order, each nested field after its parent under its dotted path (as the graph names field nodes). */
export function flattenSchema(fields: readonly SchemaField[], prefix = ''): { path: string; field: SchemaField }[] {
  const out: { path: string; field: SchemaField }[] = [];
  for (const field of fields) {
    const path = prefix ? `${prefix}.${field.name}` : field.name;
    out.push({ path, field });
    if (Array.isArray(field.fields)) out.push(...flattenSchema(field.fields, path));
  }
  return out;
}
