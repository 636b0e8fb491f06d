import type { AssertionResultRow } from '../../api/schemas.js';
import type { GraphNode } from '../../graph/lineage-types.js';

export interface AssertionHistory {
  key: string;
  assertion: string;
  nodeId: string;
  /** Oldest first. */
  results: { status: string; at: string }[];
  latest: string;
}

/** Groups assertion results by check and column, oldest result first, failing checks first. */
export function groupAssertions(rows: readonly AssertionResultRow[]): AssertionHistory[] {
  const groups = new Map<string, AssertionHistory>();
  for (const row of [...rows].sort((a, b) => a.at.localeCompare(b.at))) {
    const key = `${row.nodeId}|${row.assertion}`;
    const group = groups.get(key) ?? {
      key,
      assertion: row.assertion,
      nodeId: row.nodeId,
      results: [],
      latest: row.status,
    };
    group.results.push({ status: row.status, at: row.at });
    group.latest = row.status;
    groups.set(key, group);
  }
  const bad = (s: string) => (s === 'fail' || s === 'error' ? 0 : s === 'warn' ? 1 : 2);
  return [...groups.values()].sort((a, b) => bad(a.latest) - bad(b.latest) || a.assertion.localeCompare(b.assertion));
}

/**
 * Assertion results read from a dataQualityAssertions facet: the node's current one, or a past
 * dataset version's (with `at` the version's time), when the server serves no result history.
 */
export function assertionsFromFacet(
  node: Pick<GraphNode, 'id' | 'namespace' | 'name' | 'facets' | 'updatedAt'>,
  facets: Record<string, unknown> = node.facets,
  at: string = node.updatedAt,
): AssertionResultRow[] {
  const facet = facets.dataQualityAssertions;
  if (typeof facet !== 'object' || facet === null || !('assertions' in facet) || !Array.isArray(facet.assertions))
    return [];
  return facet.assertions.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null || !('assertion' in item) || typeof item.assertion !== 'string')
      return [];
    const success = 'success' in item ? item.success : undefined;
    const column = 'column' in item && typeof item.column === 'string' ? item.column : null;
    return [
      {
        nodeId: column ? `datasetField:${node.namespace}:${node.name}:${column}` : node.id,
        assertion: item.assertion,
        status: success === false ? 'fail' : 'pass',
        at,
        details: {},
      },
    ];
  });
}
