/** Framework-free adjacency over any edge list, in the spirit of xyflow's getIncomers/getOutgoers. */
export interface GraphIndex {
  incomers(id: string): readonly string[];
  outgoers(id: string): readonly string[];
}

const NONE: readonly string[] = [];

/** Builds in/out adjacency lists from `{ source, target }` pairs, ignoring duplicates and self loops. */
export function createGraphIndex(edges: Iterable<{ source: string; target: string }>): GraphIndex {
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const { source, target } of edges) {
    if (source === target) continue;
    const key = `${source}\u0000${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    push(outgoing, source, target);
    push(incoming, target, source);
  }
  return {
    incomers: (id) => incoming.get(id) ?? NONE,
    outgoers: (id) => outgoing.get(id) ?? NONE,
  };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Every node reachable from `start` following `next`, `start` included. Iterative, so a deep
 * chain cannot overflow the stack.
 */
export function closure(start: Iterable<string>, next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>(start);
  const stack = [...seen];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const other of next(id)) {
      if (!seen.has(other)) {
        seen.add(other);
        stack.push(other);
      }
    }
  }
  return seen;
}
