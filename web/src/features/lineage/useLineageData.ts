import { useMemo } from 'react';
import { api } from '../../api/client.js';
import { isNotFound } from '../../api/http.js';
import { type AsyncState, useAsync } from '../../app/useAsync.js';
import { useLiveEvents } from '../../app/useLiveEvents.js';
import { type DiffStatus, diffGraphs } from '../../graph/diff-graphs.js';
import type { LineageGraph } from '../../graph/lineage-types.js';
import { mergeLineage } from '../../graph/merge-lineage.js';
import { markPerf } from './perf.js';
import type { LineageParams } from './useLineageParams.js';

export interface LineageData {
  graph: LineageGraph;
  /** Present in diff mode: what appeared or disappeared between `compare` and `asOf`. */
  diff: { status: Map<string, DiffStatus>; added: number; removed: number } | null;
}

const EMPTY: LineageGraph = { nodes: [], edges: [], partial: false };

async function loadAt(p: LineageParams, asOf: string | null, signal: AbortSignal): Promise<LineageGraph> {
  // Before the node existed the server answers 404; as of then, its lineage was empty.
  const base = api
    .lineage({ node: p.focus, direction: p.direction, depth: p.depth, level: p.level, asOf }, signal)
    .catch((error: unknown) => {
      if (asOf && isNotFound(error)) return EMPTY;
      throw error;
    });
  // Each expanded side is one more step from that node; a link with expansions reloads them too.
  const extras = [...p.expanded].map(async (token) => {
    const side = token.startsWith('up:') ? 'upstream' : 'downstream';
    const from = token.slice(side === 'upstream' ? 3 : 5);
    const graph = await api.lineage({ node: from, direction: side, depth: 1, level: p.level, asOf }, signal);
    return { from, graph };
  });
  const settled = await Promise.allSettled(extras);
  const loaded = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  return mergeLineage(await base, loaded);
}

/** Loads the lineage the URL asks for: one time, or two times diffed, plus expansions. */
export function useLineageData(p: LineageParams): AsyncState<LineageData> {
  const expandedKey = [...p.expanded].sort().join('\n');
  // New runs and versions reload the open graph (a past asOf or a diff does not change).
  const live = useLiveEvents(['run', 'version', 'assertion'], 2_000);
  const liveKey = p.asOf || p.compare ? 0 : live;
  const state = useAsync(
    async (signal) => {
      const started = performance.now();
      if (!p.focus) throw new Error('no node to show');
      if (p.compare) {
        const [before, after] = await Promise.all([loadAt(p, p.compare, signal), loadAt(p, p.asOf, signal)]);
        const diff = diffGraphs(before, after);
        markPerf('data', performance.now() - started, diff.graph.nodes.length);
        return { graph: diff.graph, diff: { status: diff.status, added: diff.added, removed: diff.removed } };
      }
      const graph = await loadAt(p, p.asOf, signal);
      markPerf('data', performance.now() - started, graph.nodes.length);
      return { graph, diff: null };
    },
    [p.focus, p.direction, p.depth, p.level, p.asOf, p.compare, expandedKey, liveKey],
  );
  return useMemo(() => state, [state]);
}
