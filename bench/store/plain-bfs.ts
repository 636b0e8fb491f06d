import type Database from 'better-sqlite3';

/** The baseline: the same open edges as plain JavaScript adjacency lists keyed by node id. */
export interface PlainGraph {
  forward: Record<'dataset' | 'column', Map<string, string[]>>;
  backward: Record<'dataset' | 'column', Map<string, string[]>>;
  /** The jobs column-level edges into a node ran in (DERIVES `via`). */
  jobsInto: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createPlainGraph(db: Database.Database): PlainGraph {
  const graph: PlainGraph = {
    forward: { dataset: new Map(), column: new Map() },
    backward: { dataset: new Map(), column: new Map() },
    jobsInto: new Map(),
  };
  const rows = db
    .prepare(
      'SELECT s.id AS source, t.id AS target, e.level_mask AS levels, e.via FROM edges e JOIN nodes s ON s.nid = e.src JOIN nodes t ON t.nid = e.dst WHERE e.valid_to IS NULL',
    )
    .raw()
    .iterate() as Iterable<[string, string, number, string | null]>;
  for (const [source, target, levels, via] of rows) {
    if (via !== null && (levels & 2) !== 0) push(graph.jobsInto, target, via);
    for (const level of ['dataset', 'column'] as const) {
      if ((levels & (level === 'dataset' ? 1 : 2)) === 0) continue;
      push(graph.forward[level], source, target);
      push(graph.backward[level], target, source);
    }
  }
  return graph;
}

/** A textbook breadth-first search with a visited set, bounded by depth and node count. */
export function plainBfs(
  graph: PlainGraph,
  start: string | readonly string[],
  forward: boolean,
  depth: number,
  level: 'dataset' | 'column',
  maxNodes: number,
): number {
  const adjacency = (forward ? graph.forward : graph.backward)[level];
  let frontier = typeof start === 'string' ? [start] : [...new Set(start)];
  const seen = new Set(frontier);
  for (let d = 0; d < depth && frontier.length > 0 && seen.size < maxNodes; d++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const other of adjacency.get(node) ?? []) {
        if (!seen.has(other) && seen.size < maxNodes) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return seen.size;
}

/**
 * The node set an impact report covers, the plain way: the same column-level walk, and for each
 * column reached its dataset and the jobs its incoming edges ran in. Returns the nodes visited.
 */
export function plainImpactBfs(graph: PlainGraph, start: string, depth: number, maxNodes: number): number {
  const adjacency = graph.forward.column;
  const seen = new Set([start]);
  const members = new Set<string>();
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0 && seen.size < maxNodes; d++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const other of adjacency.get(node) ?? []) {
        if (seen.has(other) || seen.size >= maxNodes) continue;
        seen.add(other);
        next.push(other);
        if (other.startsWith('datasetField:')) members.add(`dataset:${other.slice(13, other.lastIndexOf(':'))}`);
        for (const job of graph.jobsInto.get(other) ?? []) members.add(job);
      }
    }
    frontier = next;
  }
  return seen.size + members.size;
}
