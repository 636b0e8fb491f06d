import type { Mutation } from '../../model/mutation.js';

/** Every node id a mutation writes or links, for checking them against a token's namespaces. */
export function mutationIds(mutation: Mutation): string[] {
  const ids: string[] = [];
  for (const node of mutation.nodes) ids.push(node.id);
  for (const set of mutation.edgeSets) for (const edge of set.edges) ids.push(edge.source, edge.target);
  for (const version of mutation.datasetVersions) ids.push(version.datasetId);
  for (const version of mutation.jobVersions) ids.push(version.jobId);
  for (const run of mutation.runs) {
    ids.push(run.jobId);
    for (const ref of [...run.inputVersions, ...run.outputVersions]) ids.push(ref.datasetId);
  }
  for (const result of mutation.assertionResults) ids.push(result.nodeId);
  for (const alias of mutation.aliases) ids.push(alias.alias, alias.canonical);
  return ids;
}
