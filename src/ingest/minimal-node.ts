import type { NodeUpsert } from '../model/mutation.js';
import { parseNodeId } from '../model/node-id.js';

/**
 * The least node an id implies, for an id that an ingester names only as an edge end or a
 * reference (a source column no schema declared, a label column of another system): its kind,
 * namespace and name, and for a column its field. Datasets, columns and jobs only; null for other
 * kinds, which an ingester must describe itself.
 */
export function minimalNode(id: string, at: string): NodeUpsert | null {
  const ref = parseNodeId(id);
  if (ref.kind === 'datasetField') {
    return { id, kind: 'datasetField', namespace: ref.namespace, name: ref.name, at, attributes: { field: ref.field } };
  }
  if (ref.kind === 'dataset' || ref.kind === 'job') {
    return { id, kind: ref.kind, namespace: ref.namespace, name: ref.name, at };
  }
  return null;
}
