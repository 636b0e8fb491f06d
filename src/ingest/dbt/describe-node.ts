import type { Owner, SchemaField } from '../../model/graph.js';
import type { DbtManifest } from './manifest-schema.js';
import type { DbtRelation } from './project-index.js';

/**
 * Owners of a dbt resource: `meta.owner` (a name, a list of names, or `{ name, email }`) and the
 * owner of its `group`. dbt copies `config.meta` into `meta`; both are read.
 */
export function ownersOf(
  meta: Record<string, unknown>,
  configMeta: Record<string, unknown>,
  group: string | null | undefined,
  manifest: DbtManifest,
): Owner[] {
  const owners: Owner[] = [];
  const add = (name: string | null | undefined, type: string): void => {
    if (typeof name === 'string' && name.length > 0 && !owners.some((o) => o.name === name && o.type === type)) {
      owners.push({ name, type });
    }
  };
  for (const value of [meta.owner, configMeta.owner]) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') add(item, 'owner');
      else if (item !== null && typeof item === 'object') {
        const { name, email } = item as { name?: unknown; email?: unknown };
        add(typeof name === 'string' ? name : typeof email === 'string' ? email : null, 'owner');
      }
    }
  }
  if (group) {
    const entry = Object.values(manifest.groups).find((g) => g.name === group);
    add(entry?.owner.name ?? entry?.owner.email ?? group, 'group');
  }
  return owners;
}

/** Distinct tags in first-seen order. */
export function mergeTags(...lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const tag of list) if (!out.includes(tag)) out.push(tag);
  return out;
}

/** A column is PII when its meta says `pii: true` (or `"true"`) or it carries the tag `pii`. */
export function isPiiColumn(meta: Record<string, unknown>, tags: readonly string[]): boolean {
  const flag = meta.pii ?? meta.PII;
  return flag === true || flag === 'true' || tags.some((tag) => tag.toLowerCase() === 'pii');
}

const SNAPSHOT_COLUMNS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'];

/** A field of a relation as Rootline records it. */
export interface RelationField extends SchemaField {
  name: string;
  tags: string[];
  meta: Record<string, unknown>;
  /** True when the manifest declares the column (its docs then replace what the field had). */
  declared: boolean;
}

/**
 * The columns of a relation: the catalog's (what the warehouse holds) when there is one, else
 * the columns derived from the SQL followed by declared columns the SQL did not show, else the
 * manifest's declared columns. Descriptions, tags and meta come from the declarations, matched
 * case-insensitively because warehouses fold case differently.
 */
export function fieldsOf(
  relation: DbtRelation,
  derivedColumns: readonly string[] | null,
  normalize: (name: string) => string = (name) => name,
): RelationField[] {
  const declared = relation.node?.columns ?? relation.source?.columns ?? {};
  const declaredByName = new Map(Object.values(declared).map((column) => [column.name.toLowerCase(), column]));
  const names: { name: string; type?: string | undefined; comment?: string | null | undefined }[] = [];
  if (relation.catalog) {
    const columns = Object.values(relation.catalog.columns).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    for (const column of columns) {
      const name = declaredByName.get(column.name.toLowerCase())?.name ?? normalize(column.name);
      names.push({ name, type: column.type ?? undefined, comment: column.comment });
    }
  } else {
    const seen = new Set<string>();
    // A snapshot table holds its query's columns plus the validity columns dbt adds.
    const snapshotColumns = relation.resourceType === 'snapshot' && derivedColumns?.length ? SNAPSHOT_COLUMNS : [];
    for (const name of [...(derivedColumns ?? []), ...snapshotColumns, ...Object.values(declared).map((c) => c.name)]) {
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      names.push({ name: declaredByName.get(name.toLowerCase())?.name ?? normalize(name) });
    }
  }
  return names.map(({ name, type, comment }) => {
    const column = declaredByName.get(name.toLowerCase());
    const tags = column ? mergeTags(column.tags, isPiiColumn(column.meta, column.tags) ? ['pii'] : []) : [];
    const description = column?.description || comment || undefined;
    const field: RelationField = { name, tags, meta: column?.meta ?? {}, declared: column !== undefined };
    const fieldType = type ?? column?.data_type ?? undefined;
    if (fieldType) field.type = fieldType;
    if (description) field.description = description;
    return field;
  });
}
