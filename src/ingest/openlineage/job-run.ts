import type { DatasetVersionRef } from '../../model/graph.js';
import type { RunUpsert } from '../../model/mutation.js';
import { jobId } from '../../model/node-id.js';
import { tagStrings, toOwners } from './dataset-nodes.js';
import type { NodeCollector } from './node-collector.js';
import type { ParsedEvent, ParsedJob } from './parse-event.js';

type RunEvent = Extract<ParsedEvent, { kind: 'run' }>;

/**
 * Adds the job node: raw facets, `jobType.jobType` as subtype (QUERY, TASK, DAG, SQL_JOB...),
 * processing type and integration as attributes, documentation, ownership and tags. A run's
 * `parent` facet also records the parent job, so a DAG and its tasks are both nodes.
 */
export function addJobNode(
  job: ParsedJob,
  at: string,
  nodes: NodeCollector,
  parent?: RunEvent['runStandard']['parent'],
): string {
  const id = jobId(job.namespace, job.name);
  const facets = job.standard;
  const attributes: Record<string, unknown> = {};
  if (facets.jobType) {
    attributes.processingType = facets.jobType.processingType;
    attributes.integration = facets.jobType.integration;
  }
  if (parent) {
    const parentId = jobId(parent.job.namespace, parent.job.name);
    if (parentId !== id) {
      attributes.parentJobId = parentId;
      nodes.add({ id: parentId, kind: 'job', namespace: parent.job.namespace, name: parent.job.name, at });
    }
  }
  nodes.add({
    id,
    kind: 'job',
    namespace: job.namespace,
    name: job.name,
    at,
    facets: job.facets,
    ...(facets.jobType?.jobType !== undefined ? { subtype: facets.jobType.jobType } : {}),
    ...(facets.documentation ? { description: facets.documentation.description } : {}),
    ...(facets.ownership?.owners ? { owners: toOwners(facets.ownership.owners) } : {}),
    ...(facets.tags?.tags ? { tags: tagStrings(facets.tags.tags) } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
  });
  return id;
}

/**
 * One observation of a run, as the store merges it: raw run facets, nominal times, the parent
 * run, the error message, and the dataset versions read (inputs carrying a version facet) and
 * written.
 */
export function buildRunUpsert(
  event: RunEvent,
  job: string,
  inputVersions: DatasetVersionRef[],
  outputVersions: DatasetVersionRef[],
): RunUpsert {
  const facets = event.runStandard;
  const run: RunUpsert = {
    runId: event.runId,
    jobId: job,
    eventType: event.eventType,
    eventTime: event.eventTime,
    facets: event.runFacets,
    inputVersions,
    outputVersions,
  };
  if (facets.nominalTime) {
    run.nominalStartTime = facets.nominalTime.nominalStartTime;
    if (facets.nominalTime.nominalEndTime !== undefined) run.nominalEndTime = facets.nominalTime.nominalEndTime;
  }
  if (facets.parent && facets.parent.run.runId !== event.runId) run.parentRunId = facets.parent.run.runId;
  if (facets.errorMessage) run.errorMessage = facets.errorMessage.message;
  return run;
}
