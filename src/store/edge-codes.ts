import {
  DIRECT_SUBTYPES,
  EDGE_KINDS,
  type EdgeInput,
  type EdgeKind,
  edgeLevels,
  INDIRECT_SUBTYPES,
  type Transformation,
  type TraversalLevel,
} from '../model/graph.js';
import type { TransformationFilter } from './store.js';

/**
 * Small integer encodings of an edge's kind, levels and transformations, stored beside each edge
 * so the in-memory graph index can load and filter edges without parsing JSON.
 */

export function edgeKindCode(kind: EdgeKind): number {
  return EDGE_KINDS.indexOf(kind);
}

export const LEVEL_BITS: Record<TraversalLevel, number> = { dataset: 1, column: 2 };

export function edgeLevelMask(edge: Pick<EdgeInput, 'kind' | 'source'>): number {
  let mask = 0;
  for (const level of edgeLevels(edge)) mask |= LEVEL_BITS[level];
  return mask;
}

// Bit layout: DIRECT subtypes 0..2, DIRECT other 3, INDIRECT subtypes 4..9, INDIRECT other 10,
// then 11 for "a DIRECT transformation that does not mask" (values flow on unhashed, uncounted).
const DIRECT_OTHER = DIRECT_SUBTYPES.length;
const INDIRECT_BASE = DIRECT_OTHER + 1;
const INDIRECT_OTHER = INDIRECT_BASE + INDIRECT_SUBTYPES.length;
const DIRECT_ALL = (1 << (DIRECT_OTHER + 1)) - 1;
const INDIRECT_ALL = ((1 << (INDIRECT_OTHER + 1)) - 1) & ~DIRECT_ALL;
/** Set on an edge with a DIRECT transformation whose `masking` is not true; migration 11 backfills it. */
export const DIRECT_UNMASKED_BIT = 1 << 11;

function subtypeBit(type: string, subtype: string | undefined): number {
  const upper = subtype?.toUpperCase();
  if (type === 'DIRECT') {
    const index = (DIRECT_SUBTYPES as readonly string[]).indexOf(upper ?? '');
    return 1 << (index >= 0 ? index : DIRECT_OTHER);
  }
  const index = (INDIRECT_SUBTYPES as readonly string[]).indexOf(upper ?? '');
  return 1 << (index >= 0 ? INDIRECT_BASE + index : INDIRECT_OTHER);
}

/** The set of transformation (type, subtype) pairs an edge carries, as a bit mask. */
export function transformationMask(transformations: readonly Transformation[]): number {
  let mask = 0;
  for (const t of transformations) {
    mask |= subtypeBit(t.type, t.subtype);
    if (t.type === 'DIRECT' && t.masking !== true) mask |= DIRECT_UNMASKED_BIT;
  }
  return mask;
}

/** The bits a traversal's transformation filter accepts; an edge matches when it shares one. */
export function transformationFilterMask(filters: readonly TransformationFilter[]): number {
  let mask = 0;
  for (const f of filters) {
    if ('masking' in f) mask |= DIRECT_UNMASKED_BIT;
    else if (f.subtype === undefined) mask |= f.type === 'DIRECT' ? DIRECT_ALL : INDIRECT_ALL;
    else mask |= subtypeBit(f.type, f.subtype);
  }
  return mask;
}

const decoded = new Map<number, readonly Transformation[]>();

/** The (type, subtype) pairs of a transformation mask; the same frozen array for the same mask. */
export function transformationsOfMask(mask: number): readonly Transformation[] {
  let out = decoded.get(mask);
  if (!out) {
    const list: Transformation[] = [];
    for (let bit = 0; bit <= INDIRECT_OTHER; bit++) {
      if ((mask & (1 << bit)) === 0) continue;
      if (bit <= DIRECT_OTHER) list.push({ type: 'DIRECT', subtype: DIRECT_SUBTYPES[bit] });
      else list.push({ type: 'INDIRECT', subtype: INDIRECT_SUBTYPES[bit - INDIRECT_BASE] });
    }
    out = Object.freeze(list.map((t) => Object.freeze(t)));
    decoded.set(mask, out);
  }
  return out;
}
