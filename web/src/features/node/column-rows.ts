import type { ApiNode } from '../../api/client.js';
import type { SchemaFieldShape } from '../../api/schemas.js';
import { countFailingAssertions, piiState } from '../../graph/node-badges.js';
import { fieldNameOf } from '../../graph/node-ids.js';

export interface ColumnRow {
  id: string | null;
  name: string;
  type: string | null;
  description: string | null;
  tags: string[];
  owners: string[];
  pii: 'tagged' | 'derived' | null;
  failing: number;
}

/**
 * Schema rows from field nodes when the server sent them (with PII and assertion state), else
 * from a plain schema. Columns without their own owners show the dataset's.
 */
export function columnRows(
  fields: readonly ApiNode[],
  schema: readonly SchemaFieldShape[],
  datasetOwners: string[],
): ColumnRow[] {
  if (fields.length > 0) {
    return fields.map((field) => ({
      id: field.id,
      name: typeof field.attributes.field === 'string' ? field.attributes.field : fieldNameOf(field.id),
      type: typeof field.attributes.type === 'string' ? field.attributes.type : null,
      description: field.description,
      tags: field.tags,
      owners: field.owners.length > 0 ? field.owners.map((o) => o.name) : datasetOwners,
      pii: piiState(field),
      failing: countFailingAssertions(field),
    }));
  }
  return schema.map((field) => {
    const tags = (field.tags ?? []).map((t) => (typeof t === 'string' ? t : JSON.stringify(t)));
    const lower = tags.map((t) => t.toLowerCase());
    return {
      id: null,
      name: field.name,
      type: field.type ?? null,
      description: field.description ?? null,
      tags,
      owners: datasetOwners,
      pii: lower.includes('pii') || lower.includes('sensitive') ? 'tagged' : null,
      failing: 0,
    };
  });
}
