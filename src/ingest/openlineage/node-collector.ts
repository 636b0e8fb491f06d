import type { NodeUpsert } from '../../model/mutation.js';

/**
 * Gathers node upserts by id, so a dataset that an event names twice (as input and output, or
 * under an alias and its canonical name) becomes one upsert: facets and attributes merge by key,
 * and a later owners, tags, description, subtype or deletedAt replaces an earlier one.
 */
export class NodeCollector {
  readonly #nodes = new Map<string, NodeUpsert>();

  add(node: NodeUpsert): void {
    const previous = this.#nodes.get(node.id);
    if (!previous) {
      this.#nodes.set(node.id, { ...node });
      return;
    }
    const merged: NodeUpsert = { ...previous };
    if (node.subtype !== undefined) merged.subtype = node.subtype;
    if (node.description !== undefined) merged.description = node.description;
    if (node.owners !== undefined) merged.owners = node.owners;
    if (node.tags !== undefined) merged.tags = node.tags;
    if (node.deletedAt !== undefined) merged.deletedAt = node.deletedAt;
    if (node.facets !== undefined) merged.facets = { ...previous.facets, ...node.facets };
    if (node.attributes !== undefined) merged.attributes = { ...previous.attributes, ...node.attributes };
    this.#nodes.set(node.id, merged);
  }

  has(id: string): boolean {
    return this.#nodes.has(id);
  }

  values(): NodeUpsert[] {
    return [...this.#nodes.values()];
  }
}
