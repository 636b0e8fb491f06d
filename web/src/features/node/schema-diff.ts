import type { SchemaFieldShape } from '../../api/schemas.js';

export type FieldChange =
  | { kind: 'added'; name: string; type: string | null }
  | { kind: 'removed'; name: string; type: string | null }
  | { kind: 'retyped'; name: string; from: string | null; to: string | null }
  | { kind: 'unchanged'; name: string; type: string | null };

/** Nested fields flattened to dotted names, as the graph stores them. */
export function flattenFields(
  fields: readonly SchemaFieldShape[],
  prefix = '',
): { name: string; type: string | null }[] {
  return fields.flatMap((field) => {
    const name = prefix ? `${prefix}.${field.name}` : field.name;
    const own = { name, type: field.type ?? null };
    return field.fields?.length ? [own, ...flattenFields(field.fields, name)] : [own];
  });
}

/**
 * Compares two schemas column by column: what the newer one added, removed or retyped. The
 * result keeps the newer schema's order, with removed columns after it.
 */
export function diffSchema(older: readonly SchemaFieldShape[], newer: readonly SchemaFieldShape[]): FieldChange[] {
  const before = new Map(flattenFields(older).map((f) => [f.name, f.type]));
  const after = flattenFields(newer);
  const changes: FieldChange[] = after.map((field) => {
    if (!before.has(field.name)) return { kind: 'added', name: field.name, type: field.type };
    const was = before.get(field.name) ?? null;
    if ((was ?? '').toLowerCase() !== (field.type ?? '').toLowerCase())
      return { kind: 'retyped', name: field.name, from: was, to: field.type };
    return { kind: 'unchanged', name: field.name, type: field.type };
  });
  const kept = new Set(after.map((f) => f.name));
  for (const [name, type] of before) if (!kept.has(name)) changes.push({ kind: 'removed', name, type });
  return changes;
}
