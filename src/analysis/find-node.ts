import { NotFoundError } from '../model/errors.js';
import type { GraphNode } from '../model/graph.js';
import { type NodeRef, parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

const SUGGESTIONS = 5;
/** Ids read on each side of an unknown id. */
const NEIGHBOURS = 10;

/**
 * Loads a node or throws a {@link NotFoundError} that names the id and suggests the closest
 * existing ids, so a person, a script or an assistant can correct a typo. Every front-end
 * (HTTP, CLI, MCP) resolves nodes through this one function.
 */
export async function findNodeOrSuggest(store: Store, id: string, asOf?: string): Promise<GraphNode> {
  const node = await store.getNode(id, asOf ? { asOf } : {});
  if (node) return node;
  const suggestions = await suggestNodeIds(store, id, asOf);
  const when = asOf ? ` as of ${asOf}` : '';
  const hint = suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : '';
  throw new NotFoundError(`no node '${id}'${when}${hint}`, { suggestions });
}

/**
 * Ids close to `id`, ranked by edit distance: for a column the other columns of its dataset; the
 * ids of its kind sorting next to it (a typo near the end, read off the id index), when close
 * enough; otherwise nodes of the same kind whose names share the last part of its name (or its
 * first letters), looked for in its namespace first and in every namespace only when that finds
 * nothing (a text search reads every node of the kind).
 */
export async function suggestNodeIds(store: Store, id: string, asOf?: string): Promise<string[]> {
  const ref = parseNodeId(id);
  const candidates = new Set<string>();
  if (ref.kind === 'datasetField') {
    const fields = await store.listFields(`dataset:${ref.namespace}:${ref.name}`, asOf ? { asOf } : {});
    for (const field of fields) candidates.add(field.id);
  }
  const close = Math.max(3, Math.floor(id.length / 5));
  for (const near of await store.listIdsNear(id, NEIGHBOURS)) {
    if (near.startsWith(`${ref.kind}:`) && editDistance(near, id) <= close) candidates.add(near);
  }
  const kinds = ref.kind === 'run' ? {} : { kinds: [ref.kind] };
  const namespaces = 'namespace' in ref ? [{ namespace: ref.namespace }, {}] : [{}];
  for (const scope of namespaces) {
    if (candidates.size > 0) break;
    for (const term of searchTerms(ref)) {
      const found = await store.search({ q: term, limit: 20, ...kinds, ...scope });
      for (const candidate of found.items) candidates.add(candidate.id);
    }
  }
  candidates.delete(id);
  return [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(candidate, id) }))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, SUGGESTIONS)
    .map((entry) => entry.candidate);
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
