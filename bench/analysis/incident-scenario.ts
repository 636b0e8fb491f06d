import { emptyMutation } from '../../src/model/mutation.js';
import type { Store } from '../../src/store/store.js';

const AT = '2026-06-01T00:00:00.000Z';

/**
 * What went wrong upstream of the root-cause benchmark's mart, so root cause has evidence to rank:
 * a failed run of three upstream jobs, a column dropped from one upstream dataset and a failed
 * assertion on another. One record without lineage (the graph the impact benchmark walks stays
 * as it is); recording it again is a duplicate, so the cached graph can keep it.
 */
export async function recordIncidentScenario(store: Store, mart: string, depth: number): Promise<void> {
  const tree = await store.walkTree({ start: [mart], direction: 'upstream', level: 'dataset', depth });
  const upstream = tree.nodes.slice(1).map((entry) => entry.node);
  const jobs = upstream.filter((node) => node.kind === 'job').slice(0, 3);
  const [changed, failing] = upstream.filter((node) => node.kind === 'dataset');
  if (!changed || !failing) throw new Error(`the upstream of ${mart} has fewer than two datasets`);
  const mutation = emptyMutation();
  for (const [i, job] of jobs.entries()) {
    mutation.runs.push({
      runId: `00000000-0000-4000-a000-00000000000${i}`,
      jobId: job.id,
      eventType: 'FAIL',
      eventTime: AT,
      facets: {},
      inputVersions: [],
      outputVersions: [],
      errorMessage: 'division by zero',
    });
  }
  mutation.datasetVersions.push({
    datasetId: changed.id,
    reason: 'write',
    version: 'bench-dropped-c6',
    createdAt: AT,
    runId: null,
    fields: ['id', 'c1', 'c2', 'c3', 'c4', 'c5'].map((name) => ({ name, type: name === 'id' ? 'BIGINT' : 'VARCHAR' })),
    facets: {},
    lifecycleState: null,
  });
  mutation.assertionResults.push({
    nodeId: `datasetField:${failing.namespace}:${failing.name}:id`,
    assertion: 'not_null',
    status: 'fail',
    at: AT,
    runId: null,
    severity: 'error',
    details: {},
  });
  await store.ingest(
    { source: 'apply', actor: 'bench', payload: { benchIncidentScenario: mart }, eventTime: AT },
    mutation,
  );
}
