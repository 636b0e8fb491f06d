import type { SchemaField } from '../model/graph.js';
import { flattenSchema } from '../model/schema-fields.js';

export interface SchemaDiff {
  added: SchemaField[];
  dropped: SchemaField[];
  renamed: { from: string; to: string; type: string | null }[];
  retyped: { name: string; from: string | null; to: string | null }[];
}

/** Nested fields by their dotted names, as the graph names them. */
function flattenFields(fields: readonly SchemaField[]): { name: string; type: string | null }[] {
  return flattenSchema(fields).map(({ path, field }) => ({ name: path, type: field.type ?? null }));
}

/**
 * What changed between two schemas. A column that disappeared while another of the same type
 * appeared at the same position is read as a rename; other disappearances are drops. When either
 * side has no columns (a version written without a schema facet) nothing is reported.
 */
export function diffSchemas(before: readonly SchemaField[], after: readonly SchemaField[]): SchemaDiff {
  // A version recorded without a schema says nothing about columns; it does not drop them all.
  if (after.length === 0 || before.length === 0) return { added: [], dropped: [], renamed: [], retyped: [] };
  const old = flattenFields(before);
  const now = flattenFields(after);
  const oldByName = new Map(old.map((field) => [field.name, field]));
  const nowByName = new Map(now.map((field) => [field.name, field]));
  const gone = old.filter((field) => !nowByName.has(field.name));
  const fresh = now.filter((field) => !oldByName.has(field.name));
  const renamed: SchemaDiff['renamed'] = [];
  const dropped: SchemaField[] = [];
  for (const field of gone) {
    const position = old.indexOf(field);
    const match = fresh.find((candidate) => now.indexOf(candidate) === position && candidate.type === field.type);
    if (match) {
      renamed.push({ from: field.name, to: match.name, type: field.type });
      fresh.splice(fresh.indexOf(match), 1);
    } else {
      dropped.push(toField(field));
    }
  }
  const retyped: SchemaDiff['retyped'] = [];
  for (const field of now) {
    const previous = oldByName.get(field.name);
    if (previous && previous.type !== field.type && previous.type !== null && field.type !== null) {
      retyped.push({ name: field.name, from: previous.type, to: field.type });
    }
  }
  return { added: fresh.map(toField), dropped, renamed, retyped };
}

export function isBreakingDiff(diff: SchemaDiff): boolean {
  return diff.dropped.length > 0 || diff.renamed.length > 0 || diff.retyped.length > 0;
}

function toField(field: { name: string; type: string | null }): SchemaField {
  return field.type === null ? { name: field.name } : { name: field.name, type: field.type };
}
