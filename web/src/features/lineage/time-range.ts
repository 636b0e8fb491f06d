import type { LineageGraph } from '../../graph/lineage-types.js';

export interface TimeRange {
  min: number;
  max: number;
  /** Times at which an edge opened or closed: where the graph actually changes. */
  ticks: number[];
}

/**
 * The span the time slider covers: from shortly before the oldest node or edge to now, with a
 * tick at every edge change so users can see where moving the slider matters.
 */
export function timeRangeOf(graph: LineageGraph, now: number): TimeRange {
  const times: number[] = [];
  for (const node of graph.nodes) {
    const t = Date.parse(node.createdAt);
    if (Number.isFinite(t)) times.push(t);
  }
  const ticks = new Set<number>();
  for (const edge of graph.edges) {
    for (const value of [edge.validFrom, edge.validTo]) {
      const t = value ? Date.parse(value) : Number.NaN;
      if (Number.isFinite(t)) {
        ticks.add(t);
        times.push(t);
      }
    }
  }
  const earliest = times.length > 0 ? Math.min(...times) : now - 7 * 86_400_000;
  const max = Math.max(now, ...times);
  const min = Math.min(earliest - 3_600_000, max - 3_600_000);
  return {
    min,
    max,
    ticks: [...ticks]
      .filter((t) => t >= min && t <= max)
      .sort((a, b) => a - b)
      .slice(0, 400),
  };
}

/** Snaps a time to the nearest tick when it is within `tolerance` ms of one. */
export function snapToTick(time: number, ticks: readonly number[], tolerance: number): number {
  let best = time;
  let distance = tolerance;
  for (const tick of ticks) {
    const d = Math.abs(tick - time);
    if (d <= distance) {
      best = tick;
      distance = d;
    }
  }
  return best;
}
