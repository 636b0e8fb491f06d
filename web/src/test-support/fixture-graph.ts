import type { GraphEdge, LineageGraph, LineageNode, Transformation } from '../graph/lineage-types.js';
import { kindOfId } from '../graph/node-ids.js';

/** A lineage node with everything but the id and depth defaulted. */
export function node(id: string, depth: number, extra: Partial<LineageNode> = {}): LineageNode {
  const kind = kindOfId(id) ?? 'dataset';
  return {
    id,
    kind,
    namespace: 'ns',
    name: id.split(':')[2] ?? id,
    subtype: null,
    description: null,
    owners: [],
    tags: [],
    facets: {},
    attributes: {},
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    deletedAt: null,
    depth,
    ...extra,
  };
}

export function edge(
  kind: GraphEdge['kind'],
  source: string,
  target: string,
  transformations: Transformation[] = [],
): GraphEdge {
  return {
    kind,
    source,
    target,
    origin: 'facet',
    via: null,
    transformations,
    attributes: {},
    validFrom: '2026-01-01T00:00:00Z',
    validTo: null,
  };
}

export function graph(nodes: LineageNode[], edges: GraphEdge[], partial = false): LineageGraph {
  return { nodes, edges, partial };
}
