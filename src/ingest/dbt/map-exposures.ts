import type { Diagnostic } from '../../model/graph.js';
import type { Mutation } from '../../model/mutation.js';
import { jobId } from '../../model/node-id.js';
import { mergeTags } from './describe-node.js';
import type { DbtExposure } from './manifest-schema.js';
import { plainEdge } from './map-relation.js';
import type { DbtRelation } from './project-index.js';

export interface ExposureContext {
  jobNamespace: string;
  project: string;
  at: string;
  /** Resolves depends_on ids to the tables they stand for (through ephemeral models). */
  inputsOf(ids: readonly string[], path: string): { inputs: DbtRelation[]; diagnostics: Diagnostic[] };
}

/**
 * Exposures (dashboards, notebooks, ML applications, analyses) become jobs of subtype `EXPOSURE`
 * that read the tables they depend on and write nothing: the downstream end of the graph, so
 * impact analysis reaches them with their owners.
 */
export function addExposures(
  mutation: Mutation,
  exposures: readonly DbtExposure[],
  context: ExposureContext,
): { jobs: string[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const jobs: string[] = [];
  for (const exposure of exposures) {
    const name = `exposure.${exposure.unique_id.split('.').slice(1).join('.')}`;
    const id = jobId(context.jobNamespace, name);
    const resolved = context.inputsOf(exposure.depends_on.nodes, `manifest.exposures.${exposure.unique_id}`);
    diagnostics.push(...resolved.diagnostics);
    const inputs = [...new Set(resolved.inputs.map((input) => input.datasetId))].sort();
    const owner = exposure.owner.name ?? exposure.owner.email ?? null;
    mutation.nodes.push({
      id,
      kind: 'job',
      namespace: context.jobNamespace,
      name,
      at: context.at,
      subtype: 'EXPOSURE',
      description: exposure.description || exposure.label || null,
      owners: owner ? [{ name: owner, type: 'owner' }] : [],
      tags: mergeTags(exposure.tags),
      facets: {
        jobType: { processingType: 'BATCH', integration: 'DBT', jobType: 'EXPOSURE' },
        dbt_exposure: {
          unique_id: exposure.unique_id,
          type: exposure.type,
          label: exposure.label ?? null,
          maturity: exposure.maturity ?? null,
          url: exposure.url ?? null,
          owner: exposure.owner,
          meta: exposure.meta,
        },
      },
      attributes: {
        dbtProject: context.project,
        dbtUniqueId: exposure.unique_id,
        exposureType: exposure.type,
        output: null,
      },
    });
    mutation.jobVersions.push({
      jobId: id,
      createdAt: context.at,
      inputs,
      outputs: [],
      sql: null,
      facets: {},
      diagnostics: [],
    });
    mutation.edgeSets.push({
      scope: id,
      at: context.at,
      mode: 'replace',
      runId: null,
      edges: inputs.map((source) => plainEdge('INPUT', source, id)),
    });
    jobs.push(id);
  }
  return { jobs, diagnostics };
}
