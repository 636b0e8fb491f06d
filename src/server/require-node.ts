import { NotFoundError } from '../model/errors.js';
import type { GraphNode } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

/**
 * Loads a node or throws a {@link NotFoundError} naming the id, with up to five ids of similar
 * names as suggestions, so a typo in a URL gets a useful answer rather than an empty graph.
 */
export async function requireNode(store: Store, id: string, options: { asOf?: string } = {}): Promise<GraphNode> {
  const node = await store.getNode(id, options.asOf ? { asOf: options.asOf } : {});
  if (node) return node;
  const when = options.asOf ? ` as of ${options.asOf}` : '';
  throw new NotFoundError(`node '${id}' not found${when}`, { suggestions: await suggestNodeIds(store, id) });
}

/** Ids of nodes whose name resembles the name in `id` (same kind first). */
export async function suggestNodeIds(store: Store, id: string): Promise<string[]> {
  let name: string;
  let kind: string | null = null;
  try {
    const ref = parseNodeId(id);
    kind = ref.kind;
    name = ref.kind === 'run' ? ref.runId : ref.name;
  } catch {
    // An unparseable id still has a searchable tail.
    name = id;
  }
  const term = name.split(/[./:]/).filter(Boolean).at(-1) ?? name;
  if (term.length < 2) return [];
  const page = await store.search({ q: term, limit: 10 });
  const ids = page.items.map((node) => node.id).filter((candidate) => candidate !== id);
  const sameKind = ids.filter((candidate) => kind !== null && candidate.startsWith(`${kind}:`));
  const others = ids.filter((candidate) => !sameKind.includes(candidate));
  return [...sameKind, ...others].slice(0, 5);
}
