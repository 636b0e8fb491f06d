import type { Badge, GraphNode } from './lineage-types.js';

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : null;
}

/** Counts failing checks in a dataQualityAssertions facet (`success: false`). */
export function countFailingAssertions(node: GraphNode): number {
  const facet = record(node.facets.dataQualityAssertions);
  const assertions = facet?.assertions;
  let failing = 0;
  if (Array.isArray(assertions)) {
    for (const item of assertions) if (record(item)?.success === false) failing += 1;
  }
  const status = node.attributes.assertionStatus ?? node.attributes.quality;
  if (failing === 0 && (status === 'fail' || status === 'error')) failing = 1;
  return failing;
}

/**
 * The PII state of a node: the server's computed `pii` ("tagged" | "derived"), or a `pii` /
 * `sensitive` tag the user put on it.
 */
export function piiState(node: GraphNode & { pii?: unknown }): 'tagged' | 'derived' | null {
  const computed = node.pii ?? node.attributes.pii;
  if (computed === 'tagged' || computed === 'derived') return computed;
  const tags = node.tags.map((tag) => tag.toLowerCase());
  return tags.includes('pii') || tags.includes('sensitive') ? 'tagged' : null;
}

/** A deployment that has not been closed is serving now. */
export function isLiveDeployment(node: GraphNode): boolean {
  if (node.kind !== 'deployment' || node.deletedAt !== null) return false;
  const until = node.attributes.to ?? node.attributes.validTo ?? node.attributes.until;
  return typeof until !== 'string' || until > new Date().toISOString();
}

/** The badges a card or column shows: failing assertions, PII and live deployments. */
export function nodeBadges(node: GraphNode): Badge[] {
  const badges: Badge[] = [];
  const failing = countFailingAssertions(node);
  if (failing > 0) {
    badges.push({
      kind: 'failing',
      label: failing > 1 ? `${failing} failing` : 'failing',
      title: `${failing} failing quality assertion${failing > 1 ? 's' : ''}`,
    });
  }
  const pii = piiState(node);
  if (pii !== null) {
    badges.push({
      kind: 'pii',
      label: 'PII',
      title: pii === 'derived' ? 'Derived from personal data' : 'Personal data',
    });
  }
  if (isLiveDeployment(node)) badges.push({ kind: 'live', label: 'live', title: 'Serving now' });
  return badges;
}
