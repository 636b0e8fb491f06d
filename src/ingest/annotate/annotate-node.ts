import { z } from 'zod';
import { findNodeOrSuggest } from '../../analysis/find-node.js';
import { InputError } from '../../model/errors.js';
import type { GraphNode, Owner } from '../../model/graph.js';
import { emptyMutation } from '../../model/mutation.js';
import { parseNodeId } from '../../model/node-id.js';
import type { IngestResult, Store } from '../../store/store.js';

const name = z.string().trim().min(1).max(200);

/** A hand annotation: owners and tags to add or remove, a description to set. */
export const annotationSchema = z
  .object({
    addOwners: z.array(name).max(50).default([]),
    removeOwners: z.array(name).max(50).default([]),
    addTags: z.array(name).max(50).default([]),
    removeTags: z.array(name).max(50).default([]),
    description: z.string().max(10_000).nullable().optional(),
  })
  .strict();

export type Annotation = z.infer<typeof annotationSchema>;

export interface AnnotateResult extends IngestResult {
  node: GraphNode;
}

/**
 * Records a hand annotation of a node (owners, tags, description) in the event log with its
 * author, then applies it. Owners and tags are merged with what the node already has, so facets
 * and people can both contribute. Each annotation is its own record (with its time), so a tag
 * added, removed and added again is three records, in order.
 */
export async function annotateNode(
  store: Store,
  id: string,
  annotation: Annotation,
  actor: string | null,
  /** When the annotation is made (default now); an import replays the recorded time. */
  now?: string,
): Promise<AnnotateResult> {
  const ref = parseNodeId(id);
  if (ref.kind === 'run') throw new InputError('runs cannot be annotated; annotate their job', { path: 'nodeId' });
  const node = await findNodeOrSuggest(store, id);
  const touchesNothing =
    annotation.addOwners.length +
      annotation.removeOwners.length +
      annotation.addTags.length +
      annotation.removeTags.length ===
      0 && annotation.description === undefined;
  if (touchesNothing) throw new InputError('an annotation must set an owner, a tag or a description', { path: 'body' });

  const owners = mergeOwners(node.owners, annotation);
  const tags = mergeNames(node.tags, annotation.addTags, annotation.removeTags);
  const at = now ?? new Date().toISOString();
  const mutation = emptyMutation();
  mutation.nodes.push({
    id: node.id,
    kind: node.kind,
    namespace: node.namespace,
    name: node.name,
    at,
    owners,
    tags,
    ...(annotation.description !== undefined ? { description: annotation.description } : {}),
  });
  const result = await store.ingest(
    { source: 'annotate', actor, eventTime: null, payload: { node: node.id, annotation, by: actor, at } },
    mutation,
  );
  const updated = (await store.getNode(node.id)) ?? node;
  return { ...result, node: updated };
}

function mergeOwners(current: readonly Owner[], annotation: Annotation): Owner[] {
  const removed = new Set(annotation.removeOwners);
  const kept = current.filter((owner) => !removed.has(owner.name));
  for (const owner of annotation.addOwners) {
    if (!kept.some((existing) => existing.name === owner)) kept.push({ name: owner });
  }
  return kept;
}

function mergeNames(current: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const removed = new Set(remove);
  return [...new Set([...current.filter((tag) => !removed.has(tag)), ...add])];
}
