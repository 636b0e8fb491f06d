import type { AssertionResult, Owner } from '../../model/graph.js';
import type { NodeUpsert } from '../../model/mutation.js';
import { fieldId } from '../../model/node-id.js';
import type { DatasetRef } from './dataset-identity.js';
import type { NodeCollector } from './node-collector.js';
import type { ParsedDataset } from './parse-event.js';
import { flattenSchemaFields } from './schema-fields.js';

const DATASET_SUBTYPES: Record<string, string> = {
  TABLE: 'table',
  VIEW: 'view',
  FILE: 'file',
  TOPIC: 'topic',
  STREAM: 'topic',
};

/**
 * Adds the node of a dataset and of each of its fields: the raw facets (dataset, input and output
 * facets) on the dataset, and what the standard facets say interpreted onto the nodes: the
 * schema's fields with type, description and ordinal, documentation as description, ownership
 * as owners, tags (a tag with `field` goes to that column), dataSource and quality metrics as
 * attributes, a DROP as `deletedAt`.
 */
export function addDatasetNodes(dataset: ParsedDataset, ref: DatasetRef, at: string, nodes: NodeCollector): void {
  const facets = dataset.standard;
  const node: NodeUpsert = {
    id: ref.id,
    kind: 'dataset',
    namespace: ref.namespace,
    name: ref.name,
    at,
    facets: { ...dataset.facets, ...dataset.inputFacets, ...dataset.outputFacets },
  };
  const attributes: Record<string, unknown> = {};
  if (facets.documentation) node.description = facets.documentation.description;
  if (facets.ownership?.owners) node.owners = toOwners(facets.ownership.owners);
  // A tags facet naming only columns says nothing about the dataset's own tags.
  const datasetTags = (facets.tags?.tags ?? []).filter((tag) => tag.field === undefined);
  if (datasetTags.length > 0) node.tags = tagStrings(datasetTags);
  const type = facets.datasetType?.datasetType.toUpperCase();
  if (type !== undefined && DATASET_SUBTYPES[type] !== undefined) node.subtype = DATASET_SUBTYPES[type];
  if (facets.dataSource) attributes.dataSource = compact({ name: facets.dataSource.name, uri: facets.dataSource.uri });
  const metrics = facets.dataQualityMetrics;
  if (metrics) {
    attributes.qualityMetrics = compact({
      rowCount: metrics.rowCount,
      bytes: metrics.bytes,
      fileCount: metrics.fileCount,
      lastUpdated: metrics.lastUpdated,
    });
  }
  const lifecycle = facets.lifecycleStateChange?.lifecycleStateChange;
  if (lifecycle === 'DROP') node.deletedAt = at;
  else if (lifecycle === 'CREATE' || lifecycle === 'OVERWRITE') node.deletedAt = null;
  if (Object.keys(attributes).length > 0) node.attributes = attributes;
  nodes.add(node);

  // A schema without descriptions (Spark) must not erase those another producer gave (dbt).
  for (const field of flattenSchemaFields(facets.schema?.fields ?? [])) {
    const described = field.description === null ? {} : { description: field.description };
    nodes.add({
      ...fieldNode(ref, field.path, at),
      ...described,
      attributes: { field: field.path, type: field.type, ordinal: field.ordinal, ...described },
    });
  }
  const fieldTags = new Map<string, string[]>();
  for (const tag of facets.tags?.tags ?? []) {
    if (tag.field === undefined) continue;
    fieldTags.set(tag.field, [...(fieldTags.get(tag.field) ?? []), ...tagStrings([tag])]);
  }
  for (const [field, tags] of fieldTags) nodes.add({ ...fieldNode(ref, field, at), tags });
  for (const [column, columnMetrics] of Object.entries(metrics?.columnMetrics ?? {})) {
    nodes.add({ ...fieldNode(ref, column, at), attributes: { field: column, qualityMetrics: columnMetrics } });
  }
}

/** A field node that carries only its identity; merging it never erases what is known. */
export function fieldNode(ref: DatasetRef, field: string, at: string): NodeUpsert {
  return {
    id: fieldId(ref.namespace, ref.name, field),
    kind: 'datasetField',
    namespace: ref.namespace,
    name: ref.name,
    at,
    attributes: { field },
  };
}

/** Assertion results of the dataQualityAssertions facet: on the column when it names one. */
export function assertionResults(
  dataset: ParsedDataset,
  ref: DatasetRef,
  at: string,
  runId: string | null,
  nodes: NodeCollector,
): Omit<AssertionResult, 'eventSeq'>[] {
  const assertions = dataset.standard.dataQualityAssertions?.assertions ?? [];
  return assertions.map((assertion) => {
    let nodeId = ref.id;
    if (assertion.column !== undefined && assertion.column !== '') {
      const field = fieldNode(ref, assertion.column, at);
      if (!nodes.has(field.id)) nodes.add(field);
      nodeId = field.id;
    }
    return {
      nodeId,
      assertion: assertion.name ?? assertion.assertion,
      status: assertion.success ? 'pass' : 'fail',
      at,
      runId,
      severity: assertion.severity ?? null,
      details: compact({
        assertion: assertion.assertion,
        column: assertion.column,
        description: assertion.description,
        expected: assertion.expected,
        actual: assertion.actual,
        content: assertion.content,
        contentType: assertion.contentType,
        params: assertion.params,
      }),
    };
  });
}

/** Owners as the model keeps them (a `type` only when the producer gave one). */
export function toOwners(owners: readonly { name: string; type?: string | undefined }[]): Owner[] {
  return owners.map((owner) =>
    owner.type === undefined ? { name: owner.name } : { name: owner.name, type: owner.type },
  );
}

/** Tags as strings: `key:value`, or `key` alone when the value is empty. */
export function tagStrings(tags: readonly { key: string; value: string }[]): string[] {
  return [...new Set(tags.map((tag) => (tag.value === '' ? tag.key : `${tag.key}:${tag.value}`)))];
}

function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
