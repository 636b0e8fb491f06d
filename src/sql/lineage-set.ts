import type { DirectSubtype, IndirectSubtype, InputField, Transformation } from './types.js';

/**
 * Lineage of one value as a set of (table, column) origins, each with the set of
 * transformations it went through. Transformations are kept as short keys (`D:IDENTITY`,
 * `D:AGGREGATION:M`, `I:FILTER`) so composing and merging stay cheap string operations.
 */
export type TransformKey = string;

export interface Origin {
  table: string;
  column: string;
  keys: Set<TransformKey>;
}

export type LineageSet = Map<string, Origin>;

export const IDENTITY: TransformKey = 'D:IDENTITY';
export const TRANSFORMATION: TransformKey = 'D:TRANSFORMATION';
export const AGGREGATION: TransformKey = 'D:AGGREGATION';
export const MASKED_TRANSFORMATION: TransformKey = 'D:TRANSFORMATION:M';
export const MASKED_AGGREGATION: TransformKey = 'D:AGGREGATION:M';

export function indirect(subtype: IndirectSubtype): TransformKey {
  return `I:${subtype}`;
}

const DIRECT_RANK: Record<string, number> = { IDENTITY: 0, TRANSFORMATION: 1, AGGREGATION: 2 };
const composed = new Map<string, TransformKey>();

/**
 * The transformation seen from outside when `outer` is applied to a value that went through
 * `inner`: an indirect step stays indirect, direct steps keep the stronger subtype, and masking
 * survives any later direct step.
 */
export function compose(inner: TransformKey, outer: TransformKey): TransformKey {
  if (outer === IDENTITY) return inner;
  const memoKey = `${inner}|${outer}`;
  const hit = composed.get(memoKey);
  if (hit !== undefined) return hit;
  let result: TransformKey;
  if (outer.startsWith('I:')) result = outer;
  else if (inner.startsWith('I:')) result = inner;
  else {
    const [, innerSub = 'IDENTITY', innerMask] = inner.split(':');
    const [, outerSub = 'IDENTITY', outerMask] = outer.split(':');
    const sub = (DIRECT_RANK[innerSub] ?? 0) >= (DIRECT_RANK[outerSub] ?? 0) ? innerSub : outerSub;
    result = `D:${sub}${innerMask || outerMask ? ':M' : ''}`;
  }
  composed.set(memoKey, result);
  return result;
}

function originKey(table: string, column: string): string {
  return `${table}\u0000${column}`;
}

export function addOrigin(set: LineageSet, table: string, column: string, key: TransformKey): void {
  const k = originKey(table, column);
  const existing = set.get(k);
  if (existing) existing.keys.add(key);
  else set.set(k, { table, column, keys: new Set([key]) });
}

/** Adds every origin of `from` to `into`, each transformation composed with `outer`. */
export function mergeInto(into: LineageSet, from: LineageSet, outer: TransformKey = IDENTITY): void {
  for (const origin of from.values()) {
    for (const key of origin.keys) addOrigin(into, origin.table, origin.column, compose(key, outer));
  }
}

export function single(table: string, column: string, key: TransformKey): LineageSet {
  const set: LineageSet = new Map();
  addOrigin(set, table, column, key);
  return set;
}

/** Splits a lineage set into its direct part and its indirect part. */
export function partition(set: LineageSet): { direct: LineageSet; indirect: LineageSet } {
  const direct: LineageSet = new Map();
  const ind: LineageSet = new Map();
  for (const origin of set.values()) {
    for (const key of origin.keys) addOrigin(key.startsWith('I:') ? ind : direct, origin.table, origin.column, key);
  }
  return { direct, indirect: ind };
}

const SUBTYPES = new Map<string, DirectSubtype | IndirectSubtype>(
  (
    [
      'IDENTITY',
      'TRANSFORMATION',
      'AGGREGATION',
      'JOIN',
      'GROUP_BY',
      'FILTER',
      'SORT',
      'WINDOW',
      'CONDITIONAL',
    ] as const
  ).map((s) => [s, s]),
);
const transformations = new Map<TransformKey, Transformation>();

function toTransformation(key: TransformKey): Transformation {
  let cached = transformations.get(key);
  if (!cached) {
    const [type, subtype = 'IDENTITY', mask] = key.split(':');
    cached = {
      type: type === 'I' ? 'INDIRECT' : 'DIRECT',
      subtype: SUBTYPES.get(subtype) ?? 'TRANSFORMATION',
      description: '',
      masking: mask === 'M',
    };
    transformations.set(key, cached);
  }
  return { ...cached };
}

const KEY_ORDER = (k: string) => (k.startsWith('D:') ? 0 : 1);

/** OpenLineage `inputFields` for a lineage set, in a stable order. */
export function toInputFields(set: LineageSet, namespace?: string): InputField[] {
  const origins = [...set.values()].sort((a, b) =>
    a.table === b.table ? a.column.localeCompare(b.column) : a.table.localeCompare(b.table),
  );
  return origins.map((o) => ({
    ...(namespace === undefined ? {} : { namespace }),
    name: o.table,
    field: o.column,
    transformations: [...o.keys]
      .sort((a, b) => KEY_ORDER(a) - KEY_ORDER(b) || a.localeCompare(b))
      .map(toTransformation),
  }));
}
