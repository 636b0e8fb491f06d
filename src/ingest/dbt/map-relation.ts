import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import type { Diagnostic, EdgeInput, SchemaField } from '../../model/graph.js';
import type { DatasetVersionInput, JobVersionInput, Mutation, NodeUpsert } from '../../model/mutation.js';
import { fieldId, jobId } from '../../model/node-id.js';
import { mergeTags, ownersOf, type RelationField } from './describe-node.js';
import type { DbtManifest } from './manifest-schema.js';
import type { LineageCache } from './model-lineage.js';
import { jobNameOf } from './naming.js';
import { type DbtRelation, stableUuid } from './project-index.js';

/** Appends the dataset node of a relation, its field nodes and (when it has columns) an observed version. */
export function addDataset(
  mutation: Mutation,
  relation: DbtRelation,
  fields: readonly RelationField[],
  manifest: DbtManifest,
  at: string,
): void {
  const node = relation.node;
  const source = relation.source;
  const meta = node?.meta ?? source?.meta ?? {};
  const description = node?.description || source?.description || null;
  const materialized = node?.config.materialized ?? null;
  const facets: Record<string, unknown> = {
    dataSource: { name: relation.namespace, uri: relation.namespace },
    dbt_node: {
      unique_id: relation.uniqueId,
      resource_type: relation.resourceType,
      package_name: node?.package_name ?? source?.package_name ?? null,
      original_file_path: node?.original_file_path ?? source?.original_file_path ?? null,
      materialized,
      meta,
      ...(source ? { source_name: source.source_name, loader: source.loader ?? null } : {}),
    },
  };
  if (description) facets.documentation = { description };
  mutation.nodes.push({
    id: relation.datasetId,
    kind: 'dataset',
    namespace: relation.namespace,
    name: relation.name,
    at,
    subtype: materialized === 'view' ? 'view' : 'table',
    description,
    owners: ownersOf(meta, node?.config.meta ?? {}, node?.group ?? node?.config.group, manifest),
    tags: mergeTags(node?.tags ?? source?.tags ?? [], node?.config.tags ?? []),
    facets,
  });
  fields.forEach((field, ordinal) => {
    const upsert: NodeUpsert = {
      id: fieldId(relation.namespace, relation.name, field.name),
      kind: 'datasetField',
      namespace: relation.namespace,
      name: relation.name,
      at,
      attributes: { field: field.name, type: field.type ?? null, ordinal },
    };
    if (field.declared) {
      upsert.description = field.description ?? null;
      upsert.tags = field.tags;
      if (Object.keys(field.meta).length > 0) upsert.attributes = { ...upsert.attributes, meta: field.meta };
    }
    mutation.nodes.push(upsert);
  });
  if (fields.length > 0) {
    const schema = fields.map(toSchemaField);
    mutation.datasetVersions.push(observedVersion(relation.datasetId, schema, at));
  }
}

export function toSchemaField(field: RelationField): SchemaField {
  const out: SchemaField = { name: field.name };
  if (field.type) out.type = field.type;
  if (field.description) out.description = field.description;
  return out;
}

function observedVersion(datasetId: string, fields: SchemaField[], at: string): DatasetVersionInput {
  return {
    datasetId,
    reason: 'observe',
    version: stableUuid('dbt-schema', datasetId, sha256(canonicalJson(fields))),
    createdAt: at,
    runId: null,
    fields,
    facets: {},
    lifecycleState: null,
  };
}

export const JOB_TYPES = { model: 'MODEL', seed: 'SEED', snapshot: 'SNAPSHOT' } as const;

export interface JobParts {
  relation: DbtRelation;
  jobNamespace: string;
  project: string;
  inputs: readonly DbtRelation[];
  sql: string | null;
  dialect: string;
  /** Column lineage; null when none was derived (no analyzer, unrendered Jinja), leaving earlier edges alone. */
  derives: EdgeInput[] | null;
  /** The analysis to keep on the job node for the next ingestion; null leaves the kept one. */
  lineageCache: LineageCache | null;
  diagnostics: Diagnostic[];
  manifest: DbtManifest;
  at: string;
}

/** The job id of a model, seed or snapshot. */
export function jobIdOf(relation: DbtRelation, jobNamespace: string): string {
  return jobId(
    jobNamespace,
    jobNameOf({ unique_id: relation.uniqueId, database: relation.database, schema: relation.schema }),
  );
}

/** The scope of a job's DERIVES edges into its output dataset. */
export function derivesScope(job: string, dataset: string): string {
  return `${job}|${dataset}`;
}

/** Appends the job of a model, seed or snapshot: node, version, INPUT/OUTPUT edges and column lineage. */
export function addJob(mutation: Mutation, parts: JobParts): string {
  const { relation, at } = parts;
  const node = relation.node;
  const id = jobIdOf(relation, parts.jobNamespace);
  const jobType = relation.resourceType === 'source' ? 'MODEL' : JOB_TYPES[relation.resourceType];
  const sqlFacet = parts.sql === null ? null : { query: parts.sql, dialect: parts.dialect };
  const facets: Record<string, unknown> = {
    jobType: { processingType: 'BATCH', integration: 'DBT', jobType },
    dbt_node: {
      unique_id: relation.uniqueId,
      database: relation.database,
      schema: relation.schema,
      alias: relation.identifier,
      original_file_path: node?.original_file_path ?? null,
      materialized: node?.config.materialized ?? null,
    },
    sql: sqlFacet,
  };
  mutation.nodes.push({
    id,
    kind: 'job',
    namespace: parts.jobNamespace,
    name: id.slice(`job:${parts.jobNamespace}:`.length),
    at,
    subtype: jobType,
    description: node?.description || null,
    owners: ownersOf(node?.meta ?? {}, node?.config.meta ?? {}, node?.group ?? node?.config.group, parts.manifest),
    tags: mergeTags(node?.tags ?? [], node?.config.tags ?? []),
    facets,
    attributes: {
      dbtProject: parts.project,
      dbtUniqueId: relation.uniqueId,
      output: relation.datasetId,
      ...(parts.lineageCache ? { dbtLineage: parts.lineageCache } : {}),
    },
  });
  const inputIds = [...new Set(parts.inputs.map((input) => input.datasetId))].sort();
  const version: JobVersionInput = {
    jobId: id,
    createdAt: at,
    inputs: inputIds,
    outputs: [relation.datasetId],
    sql: parts.sql,
    facets: sqlFacet ? { sql: sqlFacet } : {},
    diagnostics: parts.diagnostics,
  };
  mutation.jobVersions.push(version);
  const edges: EdgeInput[] = [
    ...inputIds.map((source) => plainEdge('INPUT', source, id)),
    plainEdge('OUTPUT', id, relation.datasetId),
  ];
  mutation.edgeSets.push({ scope: id, at, mode: 'replace', runId: null, edges });
  if (parts.derives !== null) {
    mutation.edgeSets.push({
      scope: derivesScope(id, relation.datasetId),
      at,
      mode: 'replace',
      runId: null,
      edges: parts.derives,
    });
  }
  return id;
}

export function plainEdge(kind: 'INPUT' | 'OUTPUT', source: string, target: string): EdgeInput {
  return { kind, source, target, origin: 'dbt', via: null, transformations: [], attributes: {} };
}
