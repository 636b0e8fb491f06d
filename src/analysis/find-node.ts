import { NotFoundError } from '../model/errors.js';
import type { GraphNode } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

/**
 * Loads a node or throws a {@link NotFoundError} that names the id and suggests the closest
 * existing ids (same kind, matching name), so a person or an assistant can correct a typo.
 */
export async function findNodeOrSuggest(store: Store, id: string, asOf?: string): Promise<GraphNode> {
  const ref = parseNodeId(id);
  const node = await store.getNode(id, asOf ? { asOf } : {});
  if (node) return node;
  const term = 'name' in ref ? lastNamePart(ref.kind === 'datasetField' ? ref.field : ref.name) : ref.runId;
  const found = await store.search({ q: term, limit: 5, ...(ref.kind !== 'run' ? { kinds: [ref.kind] } : {}) });
  const suggestions = found.items.map((candidate) => candidate.id).filter((candidate) => candidate !== id);
  const when = asOf ? ` as of ${asOf}` : '';
  const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '';
  throw new NotFoundError(`no node '${id}'${when}${hint}`, { suggestions });
}

function lastNamePart(name: string): string {
  const parts = name.split(/[./]/).filter(Boolean);
  return parts[parts.length - 1] ?? name;
}
