import { NotFoundError } from '../model/errors.js';
import type { GraphEdge } from '../model/graph.js';
import { trainedOnAttributesSchema } from '../model/ml-records.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';

export interface ModelInputColumn {
  /** The training-set field the model was trained on. */
  id: string;
  name: string;
}

/** What a model version was trained on, read from its TRAINED_ON edges. */
export interface ModelInputs {
  trainingSet: { id: string; version: string } | null;
  features: ModelInputColumn[];
  label: ModelInputColumn | null;
}

/**
 * Reads a model version's TRAINED_ON edges as of `asOf`: the training set (dataset-level edge),
 * its features and its label (column-level edges, by role). When no edge holds at `asOf` (a time
 * before the version was registered) the version's edges as last recorded are used: a model
 * version is an immutable record, so its inputs do not change.
 */
export async function readModelInputs(store: Store, modelVersion: string, asOf?: string): Promise<ModelInputs> {
  let edges = await store.listEdges({
    nodeId: modelVersion,
    direction: 'in',
    kinds: ['TRAINED_ON'],
    ...(asOf ? { asOf } : {}),
  });
  if (edges.length === 0) {
    const all = await store.listEdges({
      nodeId: modelVersion,
      direction: 'in',
      kinds: ['TRAINED_ON'],
      includeClosed: true,
    });
    edges = latestOnly(all);
  }
  const inputs: ModelInputs = { trainingSet: null, features: [], label: null };
  for (const edge of edges) {
    const attributes = trainedOnAttributesSchema.safeParse(edge.attributes);
    const role = attributes.success
      ? attributes.data.role
      : edge.source.startsWith('datasetField:')
        ? 'feature'
        : 'trainingSet';
    const version = attributes.success ? attributes.data.version : '';
    if (role === 'trainingSet') inputs.trainingSet = { id: edge.source, version };
    else if (role === 'label') inputs.label = column(edge.source);
    else inputs.features.push(column(edge.source));
  }
  inputs.features.sort((a, b) => a.id.localeCompare(b.id));
  return inputs;
}

/** Fails with a {@link NotFoundError} unless `id` is a recorded model version. */
export async function requireModelVersion(store: Store, id: string): Promise<void> {
  const ref = parseNodeId(id);
  const node = ref.kind === 'modelVersion' ? await store.getNode(id) : null;
  if (!node) throw new NotFoundError(`model version ${id} not found`);
}

function column(id: string): ModelInputColumn {
  const ref = parseNodeId(id);
  return { id, name: ref.kind === 'datasetField' ? ref.field : id };
}

function latestOnly(edges: GraphEdge[]): GraphEdge[] {
  // ISO strings compare as text; Math.max (what the linter suggests) would read them as NaN.
  let last = '';
  for (const edge of edges) if (edge.validFrom > last) last = edge.validFrom;
  return edges.filter((e) => e.validFrom === last);
}
