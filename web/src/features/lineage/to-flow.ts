import { type Edge, MarkerType, type Node, type NodeHandle, Position } from '@xyflow/react';
import type { ColumnPath } from '../../graph/column-path.js';
import type { DiffStatus } from '../../graph/diff-graphs.js';
import type { Card, CardEdge, ViewModel } from '../../graph/lineage-types.js';
import type { HiddenCounts, VisibleSet } from '../../graph/visible-set.js';
import type { Point } from '../../layout/layout-types.js';
import { COLUMN_HEIGHT, cardSize, HEADER_HEIGHT } from './card-size.js';

export type CardData = {
  card: Card;
  hidden: HiddenCounts;
  /** Neighbours drawn on each side, which a collapse would hide. */
  shown: HiddenCounts;
  focus: boolean;
  selected: boolean;
  /** Sides that may have more lineage on the server than was loaded. */
  canLoad: { up: boolean; down: boolean };
  /** Sides the user expanded, which can be collapsed again. */
  expanded: { up: boolean; down: boolean };
  dim: boolean;
  /** Columns on the highlighted path, or null when no column is selected. */
  lit: ReadonlySet<string> | null;
  selectedColumn: string | null;
  diff: DiffStatus | null;
  columnDiff: ReadonlyMap<string, DiffStatus> | null;
};

export interface FlowInput {
  model: ViewModel;
  visible: VisibleSet;
  positions: Record<string, Point>;
  focus: string;
  selected: string | null;
  depth: number;
  expanded: ReadonlySet<string>;
  path: ColumnPath | null;
  selectedColumn: string | null;
  diff: ReadonlyMap<string, DiffStatus> | null;
}

function cardDiff(card: Card, diff: ReadonlyMap<string, DiffStatus>): DiffStatus | null {
  const own = diff.get(card.id);
  if (own) return own;
  if (card.node === null && card.columns.length > 0) {
    const statuses = new Set(card.columns.map((c) => diff.get(c.id) ?? null));
    if (statuses.size === 1) return [...statuses][0] ?? null;
  }
  return null;
}

const HANDLE = 6;

/**
 * Where each card's handles sit, computed instead of measured: xyflow renders every node once to
 * measure its handles unless it is told, which for thousands of off-screen cards costs seconds.
 */
export function cardHandles(card: Card, width: number): NodeHandle[] {
  const side = (id: string, y: number): NodeHandle[] => [
    {
      id: `in:${id}`,
      type: 'target',
      position: Position.Left,
      x: -HANDLE / 2,
      y: y - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    },
    {
      id: `out:${id}`,
      type: 'source',
      position: Position.Right,
      x: width - HANDLE / 2,
      y: y - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    },
  ];
  const handles: NodeHandle[] = [
    {
      id: 'in',
      type: 'target',
      position: Position.Left,
      x: -HANDLE / 2,
      y: 28 - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    },
    {
      id: 'out',
      type: 'source',
      position: Position.Right,
      x: width - HANDLE / 2,
      y: 28 - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    },
  ];
  card.columns.forEach((column, i) => {
    handles.push(...side(column.id, HEADER_HEIGHT + 4 + i * COLUMN_HEIGHT + COLUMN_HEIGHT / 2));
  });
  return handles;
}

function shownCounts(input: FlowInput): Map<string, HiddenCounts> {
  const counts = new Map<string, HiddenCounts>();
  const seen = new Set<string>();
  const { visible } = input.visible;
  for (const edge of input.model.edges) {
    const pair = `${edge.source}\u0000${edge.target}`;
    if (seen.has(pair) || !visible.has(edge.source) || !visible.has(edge.target)) continue;
    seen.add(pair);
    const from = counts.get(edge.source) ?? { up: 0, down: 0 };
    from.down += 1;
    counts.set(edge.source, from);
    const to = counts.get(edge.target) ?? { up: 0, down: 0 };
    to.up += 1;
    counts.set(edge.target, to);
  }
  return counts;
}

/** Only the sides a card grew on (or that the user expanded) can be collapsed. */
function outward(
  counts: HiddenCounts | undefined,
  side: 'both' | 'up' | 'down' | undefined,
  expanded: { up: boolean; down: boolean },
): HiddenCounts {
  const up = side === 'both' || side === 'up' || expanded.up ? (counts?.up ?? 0) : 0;
  const down = side === 'both' || side === 'down' || expanded.down ? (counts?.down ?? 0) : 0;
  return { up, down };
}

function markerColor(edge: CardEdge, input: FlowInput): string {
  const status = input.diff?.get(edge.id);
  if (status) return status === 'added' ? 'var(--added)' : 'var(--removed)';
  if (input.path?.edges.has(edge.id)) return 'var(--highlight)';
  return 'var(--edge-strong)';
}

function edgeClass(edge: CardEdge, input: FlowInput): string {
  const classes = [`edge-${edge.style}`];
  if (input.path) classes.push(input.path.edges.has(edge.id) ? 'edge-lit' : 'edge-dim');
  const status = input.diff?.get(edge.id);
  if (status) classes.push(`edge-${status}`);
  return classes.join(' ');
}

/**
 * Turns the visible cards, their layout and the view state into xyflow nodes and edges. Pure, so
 * highlighting and diff colouring are tested without a browser.
 */
export function toFlow(input: FlowInput): { nodes: Node<CardData, 'card'>[]; edges: Edge[] } {
  const nodes: Node<CardData, 'card'>[] = [];
  const shown = shownCounts(input);
  for (const id of input.visible.visible) {
    const card = input.model.cards.get(id);
    const position = input.positions[id];
    if (!card || !position) continue;
    const hidden = input.visible.hidden.get(id) ?? { up: 0, down: 0 };
    const atFrontier = card.depth >= input.depth;
    const expanded = { up: input.expanded.has(`up:${id}`), down: input.expanded.has(`down:${id}`) };
    const size = cardSize(card);
    nodes.push({
      id,
      type: 'card',
      position,
      width: size.width,
      height: size.height,
      handles: cardHandles(card, size.width),
      data: {
        card,
        hidden,
        shown: outward(shown.get(id), input.visible.sides.get(id), expanded),
        focus: id === input.focus,
        selected: id === input.selected,
        canLoad: {
          up: atFrontier && hidden.up === 0 && !expanded.up,
          down: atFrontier && hidden.down === 0 && !expanded.down,
        },
        expanded,
        dim: input.path !== null && !input.path.cards.has(id),
        lit: input.path ? input.path.nodes : null,
        selectedColumn: input.selectedColumn,
        diff: input.diff ? cardDiff(card, input.diff) : null,
        columnDiff: input.diff,
      },
    });
  }
  const edges: Edge[] = [];
  for (const edge of input.model.edges) {
    if (!input.visible.visible.has(edge.source) || !input.visible.visible.has(edge.target)) continue;
    if (!input.positions[edge.source] || !input.positions[edge.target]) continue;
    edges.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourceColumn ? `out:${edge.sourceColumn}` : 'out',
      targetHandle: edge.targetColumn ? `in:${edge.targetColumn}` : 'in',
      className: edgeClass(edge, input),
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: markerColor(edge, input) },
      ...(edge.detail ? { ariaLabel: `${edge.kind} ${edge.detail}` } : {}),
      data: { detail: edge.detail, kind: edge.kind },
    });
  }
  return { nodes, edges };
}
