import { findNodeOrSuggest } from '../analysis/find-node.js';
import { NotFoundError } from '../model/errors.js';
import type { GraphNode } from '../model/graph.js';
import { type NodeRef, parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

const SUGGESTIONS = 5;

/**
 * Loads a node through the analysis layer's {@link findNodeOrSuggest}. When that finds nothing
 * to suggest, an assistant still needs a next step, so this looks wider: the columns of the same
 * dataset for a mistyped column, and nodes of the same kind whose names share the name's last
 * part or its first letters, ranked by edit distance to the id asked for.
 */
export async function requireNode(store: Store, id: string, asOf?: string): Promise<GraphNode> {
  try {
    return await findNodeOrSuggest(store, id, asOf);
  } catch (error) {
    if (!(error instanceof NotFoundError) || error.suggestions.length > 0) throw error;
    throw await widerNotFound(store, id, asOf, error);
  }
}

async function widerNotFound(store: Store, id: string, asOf: string | undefined, cause: Error): Promise<Error> {
  const ref = parseNodeId(id);
  const candidates = new Set<string>();
  for (const term of searchTerms(ref)) {
    const found = await store.search({ q: term, limit: 20, ...(ref.kind !== 'run' ? { kinds: [ref.kind] } : {}) });
    for (const candidate of found.items) candidates.add(candidate.id);
  }
  if (ref.kind === 'datasetField') {
    const fields = await store.listFields(`dataset:${ref.namespace}:${ref.name}`, asOf ? { asOf } : {});
    for (const field of fields) candidates.add(field.id);
  }
  candidates.delete(id);
  const suggestions = [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(candidate, id) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, SUGGESTIONS)
    .map((entry) => entry.candidate);
  const when = asOf ? ` as of ${asOf}` : '';
  const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '';
  return new NotFoundError(`no node '${id}'${when}${hint}`, { suggestions, cause });
}

function searchTerms(ref: NodeRef): string[] {
  const name = ref.kind === 'run' ? ref.runId : ref.kind === 'datasetField' ? ref.field : ref.name;
  const tail = name.split(/[./]/).filter(Boolean).at(-1) ?? name;
  const terms = [tail];
  if (tail.length > 4) terms.push(tail.slice(0, 4));
  if (ref.kind === 'datasetField') terms.push(ref.name.split(/[./]/).filter(Boolean).at(-1) ?? ref.name);
  return terms.filter((term) => term.length >= 2);
}

/** Levenshtein distance, two rows at a time (ids are short enough for the quadratic walk). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
