import { createGraphIndex } from './graph-index.js';
import type { ViewModel } from './lineage-types.js';

/** `up:ID` or `down:ID`: one side of one card, the unit users expand and collapse. */
export type SideToken = `${'up' | 'down'}:${string}`;

export interface VisibleOptions {
  /** The card the view is centred on; it is always visible. */
  focus: string;
  /** At most this many cards are shown before "+N more" handles take over. */
  budget: number;
  /** Sides whose every neighbour must be shown, whatever the budget. */
  expanded: ReadonlySet<string>;
  /** Sides the walk must not pass through. */
  collapsed: ReadonlySet<string>;
}

export interface HiddenCounts {
  up: number;
  down: number;
}

export interface VisibleSet {
  visible: Set<string>;
  /** For each visible card, how many of its loaded neighbours are hidden on each side. */
  hidden: Map<string, HiddenCounts>;
  /** The direction the walk reached each card in ('both' for the focus): the side it grows on. */
  sides: Map<string, 'both' | 'up' | 'down'>;
}

/**
 * Chooses which cards to draw. A breadth-first walk from the focus (upstream cards are walked
 * further upstream only, downstream cards further downstream only) adds the nearest cards until
 * the budget is spent; expanded sides then add all their neighbours, and collapsed sides stop the
 * walk. Everything else is summarised as hidden counts, which the view draws as "+N more" handles
 * instead of a hairball.
 */
export function computeVisibleSet(model: ViewModel, options: VisibleOptions): VisibleSet {
  const index = createGraphIndex(model.edges);
  const visible = new Set<string>();
  const sides = new Map<string, 'both' | 'up' | 'down'>();
  type Step = { id: string; side: 'both' | 'up' | 'down' };
  const queue: Step[] = [];
  const seeds = model.cards.has(options.focus) ? [options.focus] : nearestCards(model, 1);
  for (const id of seeds) {
    visible.add(id);
    sides.set(id, 'both');
    queue.push({ id, side: 'both' });
  }
  const budget = Math.max(1, options.budget);
  for (let head = 0; head < queue.length && visible.size < budget; head += 1) {
    const step = queue[head];
    if (!step) break;
    const walk: ('up' | 'down')[] = step.side === 'both' ? ['up', 'down'] : [step.side];
    for (const side of walk) {
      if (options.collapsed.has(`${side}:${step.id}`)) continue;
      const next = side === 'up' ? index.incomers(step.id) : index.outgoers(step.id);
      for (const id of next) {
        if (visible.size >= budget) break;
        if (visible.has(id) || !model.cards.has(id)) continue;
        visible.add(id);
        sides.set(id, side);
        queue.push({ id, side });
      }
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const token of options.expanded) {
      const side = token.startsWith('up:') ? 'up' : 'down';
      const id = token.slice(side.length + 1);
      if (!visible.has(id)) continue;
      for (const other of side === 'up' ? index.incomers(id) : index.outgoers(id)) {
        if (!visible.has(other) && model.cards.has(other)) {
          visible.add(other);
          sides.set(other, side);
          changed = true;
        }
      }
    }
  }
  const hidden = new Map<string, HiddenCounts>();
  for (const id of visible) {
    const up = index.incomers(id).filter((other) => !visible.has(other)).length;
    const down = index.outgoers(id).filter((other) => !visible.has(other)).length;
    hidden.set(id, { up, down });
  }
  return { visible, hidden, sides };
}

function nearestCards(model: ViewModel, count: number): string[] {
  return [...model.cards.values()]
    .sort((a, b) => a.depth - b.depth)
    .slice(0, count)
    .map((card) => card.id);
}

/** Returns a new token set with `token` added and its opposite (expand vs collapse) removed. */
export function toggleToken(set: ReadonlySet<string>, token: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(token);
  else next.delete(token);
  return next;
}
