import { type LayoutInput, type Point, SPACING } from './layout-types.js';

/**
 * A fast left-to-right layered layout (Sugiyama in outline): break cycles, assign each node the
 * longest path from a source as its layer, order layers by barycentre sweeps, then place nodes
 * near the average height of their neighbours without overlaps. Linear-ish in nodes and edges,
 * so 5,000 nodes lay out in tens of milliseconds.
 */
export function layeredLayout(input: LayoutInput): Record<string, Point> {
  const ids = input.nodes.map((node) => node.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const succ: number[][] = ids.map(() => []);
  const pred: number[][] = ids.map(() => []);
  for (const edge of acyclicEdges(input, indexOf)) {
    succ[edge[0]]?.push(edge[1]);
    pred[edge[1]]?.push(edge[0]);
  }
  const layer = assignLayers(ids.length, succ, pred);
  const layers: number[][] = [];
  for (let i = 0; i < ids.length; i += 1) {
    const l = layer[i] ?? 0;
    while (layers.length <= l) layers.push([]);
    layers[l]?.push(i);
  }
  orderLayers(layers, succ, pred);
  return placeNodes(input, layers, pred);
}

/** Edges as index pairs with back edges (found by an iterative DFS) reversed. */
function acyclicEdges(input: LayoutInput, indexOf: Map<string, number>): [number, number][] {
  const n = input.nodes.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const pairs: [number, number][] = [];
  for (const edge of input.edges) {
    const s = indexOf.get(edge.source);
    const t = indexOf.get(edge.target);
    if (s === undefined || t === undefined || s === t) continue;
    out[s]?.push(pairs.length);
    pairs.push([s, t]);
  }
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const reversed = new Set<number>();
  for (let root = 0; root < n; root += 1) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const [node, next] = top;
      const edges = out[node] ?? [];
      if (next >= edges.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const edgeIndex = edges[next] ?? 0;
      const target = pairs[edgeIndex]?.[1] ?? 0;
      if (state[target] === 1) reversed.add(edgeIndex);
      else if (state[target] === 0) {
        state[target] = 1;
        stack.push([target, 0]);
      }
    }
  }
  return pairs.map(([s, t], i) => (reversed.has(i) ? [t, s] : [s, t]));
}

/** Longest path from any source, via Kahn's topological order. */
function assignLayers(n: number, succ: number[][], pred: number[][]): number[] {
  const layer = new Array<number>(n).fill(0);
  const remaining = pred.map((list) => list.length);
  const queue: number[] = [];
  for (let i = 0; i < n; i += 1) if (remaining[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head] ?? 0;
    for (const next of succ[node] ?? []) {
      layer[next] = Math.max(layer[next] ?? 0, (layer[node] ?? 0) + 1);
      remaining[next] = (remaining[next] ?? 1) - 1;
      if (remaining[next] === 0) queue.push(next);
    }
  }
  // Sinks are pulled right next to their nearest predecessor's layer is already the case; pull
  // sources right so a lone input sits next to the job that reads it.
  for (let i = queue.length - 1; i >= 0; i -= 1) {
    const node = queue[i] ?? 0;
    const next = succ[node] ?? [];
    if ((pred[node]?.length ?? 0) === 0 && next.length > 0) {
      layer[node] = Math.min(...next.map((s) => layer[s] ?? 1)) - 1;
    }
  }
  return layer;
}

function orderLayers(layers: number[][], succ: number[][], pred: number[][]): void {
  const position = new Float64Array(succ.length);
  const record = () => {
    for (const list of layers) {
      for (const [i, node] of list.entries()) position[node] = i;
    }
  };
  record();
  const sweep = (list: number[], neighbours: number[][]) => {
    const key = new Map<number, number>();
    for (const node of list) {
      const around = neighbours[node] ?? [];
      key.set(
        node,
        around.length === 0
          ? (position[node] ?? 0)
          : around.reduce((sum, o) => sum + (position[o] ?? 0), 0) / around.length,
      );
    }
    list.sort((a, b) => (key.get(a) ?? 0) - (key.get(b) ?? 0));
    for (const [i, node] of list.entries()) position[node] = i;
  };
  for (let pass = 0; pass < 4; pass += 1) {
    for (let l = 1; l < layers.length; l += 1) sweep(layers[l] ?? [], pred);
    for (let l = layers.length - 2; l >= 0; l -= 1) sweep(layers[l] ?? [], succ);
  }
}

function placeNodes(input: LayoutInput, layers: number[][], pred: number[][]): Record<string, Point> {
  const nodes = input.nodes;
  const centreY = new Float64Array(nodes.length);
  const positions: Record<string, Point> = {};
  let x = 0;
  for (const list of layers) {
    const width = Math.max(0, ...list.map((i) => nodes[i]?.width ?? 0));
    const wanted = list.map((i) => {
      const around = pred[i] ?? [];
      return around.length === 0 ? Number.NaN : around.reduce((s, o) => s + (centreY[o] ?? 0), 0) / around.length;
    });
    const heights = list.map((i) => nodes[i]?.height ?? 0);
    const total = heights.reduce((s, h) => s + h, 0) + SPACING.nodeGap * Math.max(0, list.length - 1);
    let cursor = -total / 2;
    const tops = list.map((_, k) => {
      const h = heights[k] ?? 0;
      const desire = wanted[k] ?? Number.NaN;
      const top = Number.isNaN(desire) ? cursor : Math.max(cursor, desire - h / 2);
      cursor = top + h + SPACING.nodeGap;
      return top;
    });
    // Pulling towards neighbours only pushes nodes down; shift the layer back up by the mean excess.
    const natural = -total / 2;
    const shift = tops.length > 0 ? ((tops[0] ?? 0) - natural) / 2 : 0;
    list.forEach((i, k) => {
      const top = (tops[k] ?? 0) - shift;
      centreY[i] = top + (heights[k] ?? 0) / 2;
      const node = nodes[i];
      if (node) positions[node.id] = { x, y: top };
    });
    x += width + SPACING.layerGap;
  }
  return positions;
}
