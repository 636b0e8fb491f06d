import { datasetOfId } from '../../model/node-id.js';
import type { UpstreamActivity } from '../../store/store.js';

/**
 * The part of an upstream search a reader may see: the places whose whole path to the node asked
 * about is visible (as {@link visibleTree} cuts a walk), and only what happened on them.
 */
export function visibleActivity(activity: UpstreamActivity, sees: (id: string) => boolean): UpstreamActivity {
  const placeOf = (id: string) => {
    const place = activity.placeOf(id);
    return place?.path.every(sees) ? place : null;
  };
  const placed = (id: string) => placeOf(id) !== null;
  return {
    node: activity.node,
    upstream: activity.upstream.filter(placed),
    partial: activity.partial,
    placeOf,
    failedRuns: activity.failedRuns.filter(({ run }) => placed(run.jobId)),
    failedAssertions: activity.failedAssertions.filter(
      (result) => sees(result.nodeId) && placed(datasetOfId(result.nodeId)),
    ),
    schemaChanges: activity.schemaChanges.filter((change) => placed(change.datasetId)),
    staleInputs: activity.staleInputs.filter((input) => placed(input.datasetId)),
    lineageChanges: activity.lineageChanges.filter(
      ({ edge }) => sees(edge.source) && sees(edge.target) && placed(edge.kind === 'INPUT' ? edge.target : edge.source),
    ),
    openIncidents: activity.openIncidents.filter(({ incident, path }) => sees(incident.nodeId) && path.every(sees)),
  };
}
