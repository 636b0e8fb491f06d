import { sha256 } from '../../model/canonical-json.js';
import { datasetId } from '../../model/node-id.js';
import type { DbtCatalog, DbtCatalogTable } from './catalog-schema.js';
import type { DbtManifest, DbtNode, DbtSource } from './manifest-schema.js';
import { datasetNameOf } from './naming.js';

/** A model, seed, snapshot or source: something that is (or, if ephemeral, stands for) a table. */
export interface DbtRelation {
  uniqueId: string;
  resourceType: 'model' | 'seed' | 'snapshot' | 'source';
  /** Ephemeral models are inlined into their children's SQL: no table, no job. */
  ephemeral: boolean;
  namespace: string;
  /** The dataset name, `database.schema.identifier`. */
  name: string;
  datasetId: string;
  /** How compiled SQL refers to the table (`relation_name`, else the dotted name). */
  relationName: string;
  database: string | null;
  schema: string | null;
  identifier: string;
  node: DbtNode | null;
  source: DbtSource | null;
  catalog: DbtCatalogTable | null;
  dependsOn: string[];
}

export const RELATION_TYPES = ['model', 'seed', 'snapshot'] as const;

/** Indexes the manifest's relations by unique id, each with its dataset identity and catalog entry. */
export function indexRelations(
  manifest: DbtManifest,
  catalog: DbtCatalog | null,
  namespace: string,
): Map<string, DbtRelation> {
  const relations = new Map<string, DbtRelation>();
  for (const node of Object.values(manifest.nodes)) {
    const type = node.resource_type;
    if (type !== 'model' && type !== 'seed' && type !== 'snapshot') continue;
    if (node.config.enabled === false) continue;
    const identifier = node.alias ?? node.name;
    const name = datasetNameOf({ database: node.database, schema: node.schema, identifier });
    relations.set(node.unique_id, {
      uniqueId: node.unique_id,
      resourceType: type,
      ephemeral: node.config.materialized === 'ephemeral',
      namespace,
      name,
      datasetId: datasetId(namespace, name),
      relationName: node.relation_name ?? name,
      database: node.database ?? null,
      schema: node.schema ?? null,
      identifier,
      node,
      source: null,
      catalog: catalog?.nodes[node.unique_id] ?? null,
      dependsOn: node.depends_on.nodes,
    });
  }
  for (const source of Object.values(manifest.sources)) {
    const identifier = source.identifier ?? source.name;
    const name = datasetNameOf({ database: source.database, schema: source.schema, identifier });
    relations.set(source.unique_id, {
      uniqueId: source.unique_id,
      resourceType: 'source',
      ephemeral: false,
      namespace,
      name,
      datasetId: datasetId(namespace, name),
      relationName: source.relation_name ?? name,
      database: source.database ?? null,
      schema: source.schema ?? null,
      identifier,
      node: null,
      source,
      catalog: catalog?.sources[source.unique_id] ?? null,
      dependsOn: [],
    });
  }
  return relations;
}

/**
 * Orders models, seeds and snapshots so that every relation comes after the relations it
 * depends on (Kahn's algorithm, ties broken by unique id so the order is deterministic). A
 * dependency cycle, which dbt itself refuses, leaves its members at the end in id order.
 */
export function dagOrder(relations: Map<string, DbtRelation>): { order: DbtRelation[]; cyclic: string[] } {
  const pending = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const relation of relations.values()) {
    if (relation.resourceType === 'source') continue;
    const parents = relation.dependsOn.filter((id) => {
      const parent = relations.get(id);
      return parent !== undefined && parent.resourceType !== 'source' && id !== relation.uniqueId;
    });
    pending.set(relation.uniqueId, new Set(parents).size);
    for (const parent of new Set(parents)) {
      const list = children.get(parent) ?? [];
      list.push(relation.uniqueId);
      children.set(parent, list);
    }
  }
  const ready = [...pending.entries()].filter(([, count]) => count === 0).map(([id]) => id);
  ready.sort();
  const order: DbtRelation[] = [];
  // Sorted-queue BFS: ready ids are processed in id order within each wave.
  for (let index = 0; index < ready.length; index++) {
    const id = ready[index] ?? '';
    const relation = relations.get(id);
    if (relation) order.push(relation);
    const next: string[] = [];
    for (const child of children.get(id) ?? []) {
      const count = (pending.get(child) ?? 0) - 1;
      pending.set(child, count);
      if (count === 0) next.push(child);
    }
    ready.push(...next.sort());
  }
  const placed = new Set(order.map((relation) => relation.uniqueId));
  const cyclic = [...pending.keys()].filter((id) => !placed.has(id)).sort();
  for (const id of cyclic) {
    const relation = relations.get(id);
    if (relation) order.push(relation);
  }
  return { order, cyclic };
}

/** A name-based UUID (version 8, SHA-256 of the parts): the same parts always give the same id. */
export function stableUuid(...parts: readonly string[]): string {
  const hex = sha256(parts.join('\u0000'));
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
