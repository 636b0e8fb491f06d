import { InputError } from './errors.js';

/**
 * Node ids follow Marquez (`dataset:NS:NAME`, `datasetField:NS:NAME:FIELD`, `job:NS:NAME`,
 * `run:ID`) and extend the scheme for ML kinds. Namespaces are URIs such as
 * `postgres://db:5432` or `snowflake://acme`, so a colon is not always a delimiter: after
 * `scheme://` the authority runs to the first colon that is not a port (`:` followed by digits
 * and then `:` or the end). Names may contain colons; the trailing part of a field, version or
 * assertion id is split off at the last colon.
 */

export const NODE_KINDS = [
  'dataset',
  'datasetField',
  'job',
  'run',
  'model',
  'modelVersion',
  'deployment',
  'assertion',
] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

export type NodeRef =
  | { kind: 'dataset'; namespace: string; name: string }
  | { kind: 'datasetField'; namespace: string; name: string; field: string }
  | { kind: 'job'; namespace: string; name: string }
  | { kind: 'run'; runId: string }
  | { kind: 'model'; namespace: string; name: string }
  | { kind: 'modelVersion'; namespace: string; name: string; version: string }
  | { kind: 'deployment'; namespace: string; name: string }
  | { kind: 'assertion'; namespace: string; name: string; assertion: string };

export function isNodeKind(value: string): value is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(value);
}

/** Formats a reference as its id string. The inverse of {@link parseNodeId}. */
export function formatNodeId(ref: NodeRef): string {
  switch (ref.kind) {
    case 'run':
      return `run:${ref.runId}`;
    case 'datasetField':
      return `datasetField:${ref.namespace}:${ref.name}:${ref.field}`;
    case 'modelVersion':
      return `modelVersion:${ref.namespace}:${ref.name}:${ref.version}`;
    case 'assertion':
      return `assertion:${ref.namespace}:${ref.name}:${ref.assertion}`;
    default:
      return `${ref.kind}:${ref.namespace}:${ref.name}`;
  }
}

export const datasetId = (namespace: string, name: string): string => `dataset:${namespace}:${name}`;
export const fieldId = (namespace: string, name: string, field: string): string =>
  `datasetField:${namespace}:${name}:${field}`;
export const jobId = (namespace: string, name: string): string => `job:${namespace}:${name}`;
export const runId = (id: string): string => `run:${id}`;

// scheme://authority where the authority may carry ports and comma-separated hosts
// (kafka://b1:9092,b2:9092). A port is a colon followed by digits and then `,`, `:`, `/` or the
// end. An optional path without colons follows (duckdb:///data/shop.duckdb, OpenLineage's DuckDB
// namespace).
const URI_NAMESPACE =
  /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/,]*(?::\d+(?=[,:/]|$))?(?:,[^:/,]*(?::\d+(?=[,:/]|$))?)*(?:\/[^:,]*)?)/;

/** Splits `NS:REST` into the namespace and the rest, honouring URI namespaces. */
function splitNamespace(body: string, id: string): [string, string] {
  const uri = URI_NAMESPACE.exec(body);
  if (uri?.[1] !== undefined && body.includes('://')) {
    const namespace = uri[1];
    const rest = body.slice(namespace.length);
    if (!rest.startsWith(':') || rest.length < 2) {
      throw new InputError(`node id '${id}' has a namespace '${namespace}' but no name after it`, { path: 'nodeId' });
    }
    return [namespace, rest.slice(1)];
  }
  const colon = body.indexOf(':');
  if (colon <= 0 || colon === body.length - 1) {
    throw new InputError(`node id '${id}' must have the form KIND:NAMESPACE:NAME`, { path: 'nodeId' });
  }
  return [body.slice(0, colon), body.slice(colon + 1)];
}

function splitLast(rest: string, id: string, what: string): [string, string] {
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || colon === rest.length - 1) {
    throw new InputError(`node id '${id}' must end with :${what}`, { path: 'nodeId' });
  }
  return [rest.slice(0, colon), rest.slice(colon + 1)];
}

/** Parses a node id. Throws {@link InputError} naming the id when it is malformed. */
export function parseNodeId(id: string): NodeRef {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InputError('node id must be a non-empty string', { path: 'nodeId' });
  }
  if (id.length > 4096) {
    throw new InputError('node id is longer than 4096 characters', { path: 'nodeId' });
  }
  const colon = id.indexOf(':');
  const kind = colon > 0 ? id.slice(0, colon) : id;
  if (!isNodeKind(kind)) {
    throw new InputError(
      `node id '${truncate(id)}' has an unknown kind '${truncate(kind)}'; expected one of ${NODE_KINDS.join(', ')}`,
      {
        path: 'nodeId',
      },
    );
  }
  const body = id.slice(colon + 1);
  if (kind === 'run') {
    if (body.length === 0) throw new InputError(`node id '${id}' has no run id`, { path: 'nodeId' });
    return { kind, runId: body };
  }
  const [namespace, rest] = splitNamespace(body, id);
  switch (kind) {
    case 'datasetField': {
      const [name, field] = splitLast(rest, id, 'FIELD');
      return { kind, namespace, name, field };
    }
    case 'modelVersion': {
      const [name, version] = splitLast(rest, id, 'VERSION');
      return { kind, namespace, name, version };
    }
    case 'assertion': {
      const [name, assertion] = splitLast(rest, id, 'ASSERTION');
      return { kind, namespace, name, assertion };
    }
    default:
      return { kind, namespace, name: rest };
  }
}

/** The dataset a field belongs to, or the model a version belongs to; the node itself otherwise. */
export function parentNodeId(ref: NodeRef): string | null {
  switch (ref.kind) {
    case 'datasetField':
    case 'assertion':
      return datasetId(ref.namespace, ref.name);
    case 'modelVersion':
      return `model:${ref.namespace}:${ref.name}`;
    default:
      return null;
  }
}

/** The dataset of a field id; any other id itself (what happens to a column happens to its dataset). */
export function datasetOfId(id: string): string {
  const ref = parseNodeId(id);
  return ref.kind === 'datasetField' ? datasetId(ref.namespace, ref.name) : id;
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
