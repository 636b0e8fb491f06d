import { findNodeOrSuggest } from '../analysis/find-node.js';
import type { GraphNode } from '../model/graph.js';
import type { Store } from '../store/store.js';

/** Loads a node for a route, or answers 404 naming the id with the closest existing ids. */
export function requireNode(store: Store, id: string, options: { asOf?: string } = {}): Promise<GraphNode> {
  return findNodeOrSuggest(store, id, options.asOf);
}
