import type { Diagnostic, SchemaField } from '../../model/graph.js';
import type { Mutation, RunUpsert } from '../../model/mutation.js';
import { firstStartedAt, lastCompletedAt } from './map-tests.js';
import { type DbtRelation, stableUuid } from './project-index.js';
import type { DbtRunResults } from './run-results-schema.js';

export interface RunMappingContext {
  relations: Map<string, DbtRelation>;
  jobIdOf(relation: DbtRelation): string;
  /** The fields a successful run wrote, or null when unknown. */
  fieldsOf(relation: DbtRelation): SchemaField[] | null;
  resultsAt: string;
}

/**
 * Turns the run results of models, seeds and snapshots into runs of their jobs: a START at the
 * first timing and a terminal observation at the last (success COMPLETE, error FAIL, skipped
 * ABORT). A successful run writes a dataset version. Run ids derive from the invocation and the
 * node, so the same run_results.json always yields the same runs.
 */
export function addRuns(mutation: Mutation, runResults: DbtRunResults, context: RunMappingContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const invocation = runResults.metadata.invocation_id ?? runResults.metadata.generated_at ?? '';
  runResults.results.forEach((result, index) => {
    if (result.unique_id === '') {
      diagnostics.push({
        severity: 'warning',
        code: 'dbt.result-without-node',
        message: `run result ${index} has an empty unique_id; it was skipped`,
        path: `runResults.results.${index}.unique_id`,
      });
      return;
    }
    const type = result.unique_id.split('.')[0];
    if (type !== 'model' && type !== 'seed' && type !== 'snapshot') return;
    const relation = context.relations.get(result.unique_id);
    if (!relation || relation.ephemeral) {
      if (!relation) {
        diagnostics.push({
          severity: 'warning',
          code: 'dbt.result-for-unknown-node',
          message: `run result for ${result.unique_id}, which is not in the manifest; it was skipped`,
          path: `runResults.results.${index}`,
        });
      }
      return;
    }
    const job = context.jobIdOf(relation);
    const runId = stableUuid('dbt-run', invocation, result.unique_id);
    const startedAt = firstStartedAt(result) ?? context.resultsAt;
    const endedAt = lastCompletedAt(result) ?? startedAt;
    const terminal = terminalEvent(result.status);
    const facets = {
      dbt_run: {
        invocation_id: runResults.metadata.invocation_id ?? null,
        status: result.status,
        message: result.message ?? null,
        execution_time: result.execution_time ?? null,
        failures: result.failures ?? null,
      },
    };
    const start: RunUpsert = {
      runId,
      jobId: job,
      eventType: 'START',
      eventTime: startedAt,
      facets: {},
      inputVersions: [],
      outputVersions: [],
    };
    const end: RunUpsert = {
      runId,
      jobId: job,
      eventType: terminal,
      eventTime: endedAt,
      facets,
      inputVersions: [],
      outputVersions: [],
      errorMessage: terminal === 'FAIL' ? (result.message ?? 'dbt reported an error') : null,
    };
    if (terminal === 'COMPLETE') {
      const version = stableUuid('dbt-write', runId, relation.datasetId);
      end.outputVersions = [{ datasetId: relation.datasetId, version }];
      mutation.datasetVersions.push({
        datasetId: relation.datasetId,
        reason: 'write',
        version,
        createdAt: endedAt,
        runId,
        fields: context.fieldsOf(relation),
        facets: {},
        lifecycleState: null,
      });
    }
    mutation.runs.push(start, end);
  });
  return diagnostics;
}

function terminalEvent(status: string): RunUpsert['eventType'] {
  switch (status) {
    case 'success':
      return 'COMPLETE';
    case 'error':
    case 'runtime error':
      return 'FAIL';
    case 'skipped':
      return 'ABORT';
    default:
      return 'OTHER';
  }
}
