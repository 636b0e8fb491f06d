import type { CaseFolding } from './dialects.js';
import type { SqlSchema } from './types.js';

/** Folds an unquoted identifier the way the dialect does; quoted identifiers keep their case. */
export function foldIdentifier(name: string, quoted: boolean, folding: CaseFolding): string {
  if (quoted) return name;
  return folding === 'upper' ? name.toUpperCase() : name.toLowerCase();
}

interface CatalogIndex {
  byKey: Map<string, string[]>;
  byLast: Map<string, string[][]>;
}

/** Parsed schemas by schema object and folding, so one schema reused across calls is read once. */
const BASE_CACHE = new WeakMap<SqlSchema, Map<CaseFolding, CatalogIndex>>();

/**
 * Known table columns: the caller's schema plus tables the script itself creates. Lookups match
 * the full qualified name first, then a unique entry whose name parts end with the requested
 * parts or the other way round (`orders` finds `shop.public.orders`).
 */
export class Catalog {
  readonly #byKey = new Map<string, string[]>();
  readonly #byLast = new Map<string, string[][]>();
  readonly #folding: CaseFolding;

  constructor(schema: SqlSchema | undefined, folding: CaseFolding) {
    this.#folding = folding;
    const cached = schema ? BASE_CACHE.get(schema)?.get(folding) : undefined;
    if (cached) {
      for (const [key, columns] of cached.byKey) this.#byKey.set(key, columns);
      for (const [last, list] of cached.byLast) this.#byLast.set(last, list);
      return;
    }
    for (const [name, columns] of Object.entries(schema ?? {})) {
      const parts = name.split('.').map((p) => this.#foldRaw(p));
      this.define(
        parts,
        columns.map((c) => this.#foldRaw(c)),
      );
    }
    if (schema) {
      const perFolding = BASE_CACHE.get(schema) ?? new Map();
      perFolding.set(folding, { byKey: new Map(this.#byKey), byLast: new Map(this.#byLast) });
      BASE_CACHE.set(schema, perFolding);
    }
  }

  #foldRaw(text: string): string {
    const t = text.trim();
    const first = t[0];
    const quoted = (first === '"' || first === '`' || first === '[') && /^(".*"|`.*`|\[.*\])$/.test(t);
    return quoted ? t.slice(1, -1) : foldIdentifier(t, false, this.#folding);
  }

  define(parts: readonly string[], columns: readonly string[]): void {
    const key = parts.join('.');
    const last = parts[parts.length - 1] ?? '';
    if (!this.#byKey.has(key)) this.#byLast.set(last, [...(this.#byLast.get(last) ?? []), [...parts]]);
    this.#byKey.set(key, [...columns]);
  }

  lookup(parts: readonly string[]): string[] | undefined {
    const exact = this.#byKey.get(parts.join('.'));
    if (exact) return exact;
    const candidates = (this.#byLast.get(parts[parts.length - 1] ?? '') ?? []).filter(
      (c) => isSuffix(c, parts) || isSuffix(parts, c),
    );
    const only = candidates.length === 1 ? candidates[0] : undefined;
    return only ? this.#byKey.get(only.join('.')) : undefined;
  }
}

function isSuffix(short: readonly string[], long: readonly string[]): boolean {
  if (short.length > long.length) return false;
  const offset = long.length - short.length;
  return short.every((p, i) => long[offset + i] === p);
}
