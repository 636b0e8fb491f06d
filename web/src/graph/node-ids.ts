import type { NodeKind } from '../../../src/model/node-id.js';

const KINDS: readonly NodeKind[] = [
  'dataset',
  'datasetField',
  'job',
  'run',
  'model',
  'modelVersion',
  'deployment',
  'assertion',
];

/** The kind prefix of a node id, or null when it has none we know. */
export function kindOfId(id: string): NodeKind | null {
  const colon = id.indexOf(':');
  const prefix = colon > 0 ? id.slice(0, colon) : id;
  return KINDS.find((kind) => kind === prefix) ?? null;
}

/**
 * The dataset id a column id belongs to. Field ids are `datasetField:NS:NAME:FIELD` and the
 * field is always the part after the last colon, so the dataset is everything before it.
 */
export function parentDatasetId(fieldId: string): string {
  const body = fieldId.slice('datasetField:'.length);
  const last = body.lastIndexOf(':');
  return `dataset:${last > 0 ? body.slice(0, last) : body}`;
}

/** The column name of a field id (after its last colon). */
export function fieldNameOf(fieldId: string): string {
  const last = fieldId.lastIndexOf(':');
  return last >= 0 ? fieldId.slice(last + 1) : fieldId;
}

/** Splits a dataset-like id into namespace and name, honouring `scheme://host:port` namespaces. */
export function splitId(id: string): { namespace: string; name: string } {
  const colon = id.indexOf(':');
  const body = colon >= 0 ? id.slice(colon + 1) : id;
  const uri = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/,]*(?::\d+(?=[,:]|$))?(?:,[^:/,]*(?::\d+(?=[,:]|$))?)*)/.exec(body);
  if (uri?.[1] !== undefined && body.includes('://')) {
    return { namespace: uri[1], name: body.slice(uri[1].length + 1) };
  }
  const sep = body.indexOf(':');
  return sep > 0 ? { namespace: body.slice(0, sep), name: body.slice(sep + 1) } : { namespace: '', name: body };
}

/** A short human label for any node id: the column, model version or last name segment. */
export function shortLabel(id: string): string {
  const kind = kindOfId(id);
  if (kind === 'datasetField') return fieldNameOf(id);
  if (kind === 'run') return id.slice(4, 12);
  const { name } = splitId(id);
  if (kind === 'modelVersion') {
    const last = name.lastIndexOf(':');
    return last > 0 ? `${name.slice(0, last)} v${name.slice(last + 1)}` : name;
  }
  return name;
}
