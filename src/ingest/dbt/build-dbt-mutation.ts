import { InputError } from '../../model/errors.js';
import type { Diagnostic } from '../../model/graph.js';
import { emptyMutation, type Mutation } from '../../model/mutation.js';
import type { AnalyzeSql } from './derive-lineage.js';
import { buildDerivesEdges } from './derives-edges.js';
import { fieldsOf, type RelationField } from './describe-node.js';
import { addExposures } from './map-exposures.js';
import { addDataset, addJob, jobIdOf, toSchemaField } from './map-relation.js';
import { addRuns } from './map-run-results.js';
import { addTests, toIsoTime } from './map-tests.js';
import { lineageOfModel, type ModelLineage } from './model-lineage.js';
import { dialectOf, normalizeColumnName } from './naming.js';
import { type DbtArtifacts, projectNameOf } from './parse-artifacts.js';
import { closeRemovedJobs, ensureEndpointNodes, type PreviousJob } from './previous-jobs.js';
import { type DbtRelation, dagOrder, indexRelations } from './project-index.js';
import { sqlOfRelation } from './sql-of-relation.js';

export interface DbtMappingOptions {
  /** Dataset namespace (`postgres://host:5432`, `snowflake://account`, ...). */
  namespace: string;
  /** Namespace of the dbt jobs (OpenLineage's dbt integration: `OPENLINEAGE_NAMESPACE`, else `default`). */
  jobNamespace: string;
  /** The SQL analyzer; without it no column lineage is derived. */
  analyzeSql?: AnalyzeSql | null;
  /** dbt jobs of this project already in the store: the ones gone from the manifest are closed. */
  previousJobs?: readonly PreviousJob[];
  /** Analyze every model even where the analysis kept from the last ingestion still holds. */
  reanalyze?: boolean;
  /** Called after each model, seed or snapshot is mapped. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The columns the store already knows for a dataset (from OpenLineage or an earlier catalog).
   * A source without a catalog entry declares only the columns someone documented, so its known
   * columns are those plus these, and the analyzer does not mistake the rest for unknown.
   */
  storedColumnsOf?: (datasetId: string) => Promise<readonly string[]>;
}

export interface DbtMappingSummary {
  project: string;
  adapter: string | null;
  datasets: number;
  fields: number;
  jobs: number;
  exposures: number;
  assertions: number;
  assertionResults: number;
  runs: number;
  derivesEdges: number;
  /** Models whose SQL and input schemas were unchanged, so their kept column lineage still holds. */
  lineageReused: number;
  closedJobs: number;
}

export interface DbtMapping {
  mutation: Mutation;
  /** Per-node problems that did not stop the ingestion (a missing referenced node, unrendered Jinja). */
  diagnostics: Diagnostic[];
  summary: DbtMappingSummary;
  /** The manifest's generated_at: the time every node, version and edge is recorded at. */
  at: string;
}

/**
 * Maps validated dbt artifacts to one {@link Mutation}; pure apart from the analyzer call. Models
 * are processed in DAG order so the columns derived for a model are the schema its children's
 * `select *` expands against; the catalog and declared columns fill what SQL cannot tell.
 */
export async function buildDbtMutation(artifacts: DbtArtifacts, options: DbtMappingOptions): Promise<DbtMapping> {
  const { manifest, catalog, runResults } = artifacts;
  const at = toIsoTime(manifest.metadata.generated_at);
  if (at === null) {
    throw new InputError('manifest.metadata.generated_at is missing or not a time', {
      path: 'manifest.metadata.generated_at',
    });
  }
  const resultsAt = toIsoTime(runResults?.metadata.generated_at) ?? at;
  const project = projectNameOf(manifest);
  const adapter = manifest.metadata.adapter_type ?? null;
  const dialect = dialectOf(adapter);
  const mutation = emptyMutation();
  const diagnostics: Diagnostic[] = [];
  const relations = indexRelations(manifest, catalog, options.namespace);
  const results = new Map((runResults?.results ?? []).map((result) => [result.unique_id, result]));
  for (const id of [...Object.keys(catalog?.nodes ?? {}), ...Object.keys(catalog?.sources ?? {})]) {
    if (!relations.has(id)) {
      diagnostics.push({
        severity: 'warning',
        code: 'dbt.catalog-unknown-node',
        message: `the catalog describes ${id}, which is not a model, seed, snapshot or source of the manifest; its columns were not used`,
        path: `catalog.nodes.${id}`,
      });
    }
  }
  const fieldsByRelation = new Map<string, RelationField[]>();
  const knownColumns = new Map<string, string[]>();
  const normalize = (name: string): string => normalizeColumnName(name, dialect);
  const spell = (relation: DbtRelation, field: string): string =>
    fieldsByRelation.get(relation.uniqueId)?.find((f) => f.name.toLowerCase() === field.toLowerCase())?.name ??
    normalize(field);
  const inputsOf = (ids: readonly string[], path: string) => expandInputs(ids, relations, path);
  let derivesEdges = 0;
  let lineageReused = 0;
  const previousById = new Map((options.previousJobs ?? []).map((job) => [job.id, job]));

  for (const relation of relations.values()) {
    if (relation.resourceType !== 'source') continue;
    const fields = fieldsOf(relation, null, normalize);
    fieldsByRelation.set(relation.uniqueId, fields);
    const stored =
      !relation.catalog && options.storedColumnsOf ? await options.storedColumnsOf(relation.datasetId) : [];
    const declared = fields.map((f) => f.name);
    const lower = new Set(declared.map((name) => name.toLowerCase()));
    knownColumns.set(relation.uniqueId, [...declared, ...stored.filter((name) => !lower.has(name.toLowerCase()))]);
    addDataset(mutation, relation, fields, manifest, at);
  }

  const { order, cyclic } = dagOrder(relations);
  for (const id of cyclic) {
    diagnostics.push({
      severity: 'error',
      code: 'dbt.cycle',
      message: `${id} is part of a dependency cycle`,
      path: nodePath(id),
    });
  }
  const jobs = new Set<string>();
  let done = 0;
  for (const relation of order) {
    const resolved = inputsOf(relation.dependsOn, nodePath(relation.uniqueId));
    diagnostics.push(...resolved.diagnostics);
    if (relation.ephemeral) {
      const fields = fieldsOf(relation, null, normalize);
      fieldsByRelation.set(relation.uniqueId, fields);
      knownColumns.set(
        relation.uniqueId,
        fields.map((f) => f.name),
      );
    } else {
      const job = jobIdOf(relation, options.jobNamespace);
      const sql = sqlOfRelation(relation, results.get(relation.uniqueId) ?? null, relations);
      const jobDiagnostics = [...sql.diagnostics];
      let lineage: ModelLineage | null = null;
      if (sql.sql !== null && sql.complete && options.analyzeSql) {
        lineage = await lineageOfModel(sql.sql, {
          analyze: options.analyzeSql,
          dialect,
          self: relation,
          inputs: resolved.inputs,
          columnsOf: (input) => knownColumns.get(input.uniqueId) ?? null,
          previous: previousById.get(job)?.lineage ?? null,
          reanalyze: options.reanalyze === true,
        });
        jobDiagnostics.push(...lineage.diagnostics);
        if (lineage.derived === null) lineageReused++;
      }
      const fields = fieldsOf(relation, lineage?.columns ?? null, normalize);
      fieldsByRelation.set(relation.uniqueId, fields);
      knownColumns.set(
        relation.uniqueId,
        lineage?.complete && lineage.columns.length > 0
          ? lineage.columns.map((column) => spell(relation, column))
          : fields.map((f) => f.name),
      );
      addDataset(mutation, relation, fields, manifest, at);
      const derives = lineage?.derived ? buildDerivesEdges(lineage.derived, relation, job, spell) : null;
      derivesEdges += derives?.length ?? 0;
      addJob(mutation, {
        relation,
        jobNamespace: options.jobNamespace,
        project,
        inputs: resolved.inputs,
        sql: sql.sql,
        dialect,
        derives,
        lineageCache: lineage?.cache ?? null,
        diagnostics: jobDiagnostics,
        manifest,
        at,
      });
      // A position in the SQL (`sql:LINE:COLUMN`) is kept after the node it belongs to.
      for (const d of jobDiagnostics) {
        const path = d.path ? `${nodePath(relation.uniqueId)} ${d.path}` : nodePath(relation.uniqueId);
        diagnostics.push({ ...d, path });
      }
      jobs.add(job);
    }
    done++;
    options.onProgress?.(done, order.length);
  }

  const tests = Object.values(manifest.nodes).filter((n) => n.resource_type === 'test' && n.config.enabled !== false);
  diagnostics.push(...addTests(mutation, tests, { relations, results, resultsAt, at, spell }));
  const exposures = addExposures(mutation, Object.values(manifest.exposures), {
    jobNamespace: options.jobNamespace,
    project,
    at,
    inputsOf,
  });
  diagnostics.push(...exposures.diagnostics);
  for (const job of exposures.jobs) jobs.add(job);
  if (runResults) {
    diagnostics.push(
      ...addRuns(mutation, runResults, {
        relations,
        jobIdOf: (relation) => jobIdOf(relation, options.jobNamespace),
        fieldsOf: (relation) => {
          const fields = fieldsByRelation.get(relation.uniqueId);
          return fields && fields.length > 0 ? fields.map(toSchemaField) : null;
        },
        resultsAt,
      }),
    );
  }
  const closedJobs = closeRemovedJobs(mutation, options.previousJobs ?? [], jobs, at);
  ensureEndpointNodes(mutation, at);
  return {
    mutation,
    diagnostics,
    at,
    summary: {
      project,
      adapter,
      datasets: mutation.nodes.filter((n) => n.kind === 'dataset').length,
      fields: mutation.nodes.filter((n) => n.kind === 'datasetField').length,
      jobs: jobs.size - exposures.jobs.length,
      exposures: exposures.jobs.length,
      assertions: mutation.nodes.filter((n) => n.kind === 'assertion').length,
      assertionResults: mutation.assertionResults.length,
      runs: new Set(mutation.runs.map((r) => r.runId)).size,
      derivesEdges,
      lineageReused,
      closedJobs,
    },
  };
}

function nodePath(uniqueId: string): string {
  return `manifest.nodes.${uniqueId}`;
}

const RESOURCE_PREFIXES = ['model.', 'seed.', 'snapshot.', 'source.'];

/**
 * The tables a node reads: its `depends_on` relations, with ephemeral models replaced by what
 * they read (their SQL is inlined). A referenced relation missing from the manifest is a
 * diagnostic; macros, metrics and semantic models are not tables and are passed over.
 */
function expandInputs(
  ids: readonly string[],
  relations: Map<string, DbtRelation>,
  path: string,
): { inputs: DbtRelation[]; diagnostics: Diagnostic[] } {
  const inputs: DbtRelation[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const relation = relations.get(id);
    if (!relation) {
      if (RESOURCE_PREFIXES.some((prefix) => id.startsWith(prefix))) {
        diagnostics.push({
          severity: 'warning',
          code: 'dbt.missing-node',
          message: `depends on ${id}, which is not in the manifest (or is disabled); that input is left out`,
          path,
        });
      }
      return;
    }
    if (relation.ephemeral) for (const parent of relation.dependsOn) visit(parent);
    else inputs.push(relation);
  };
  for (const id of ids) visit(id);
  return { inputs, diagnostics };
}
