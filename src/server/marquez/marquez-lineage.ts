import { InputError, NotFoundError } from '../../model/errors.js';
import type { GraphEdge, GraphNode } from '../../model/graph.js';
import { datasetId, type NodeRef } from '../../model/node-id.js';
import type { Store } from '../../store/store.js';
import { requireNode } from '../require-node.js';
import { pushTo } from '../route-context.js';
import { toMarquezDataset, toMarquezJob } from './marquez-shapes.js';

/** Marquez's `LineageGraph`: `{ graph: [{ id, type, data, inEdges, outEdges }] }`. */
export interface MarquezGraphNode {
  id: string;
  type: 'DATASET' | 'JOB' | 'DATASET_FIELD';
  data: unknown;
  inEdges: { origin: string; destination: string }[];
  outEdges: { origin: string; destination: string }[];
}

/** The most nodes a Marquez-compatible lineage answer carries; each node costs a few queries. */
export const MARQUEZ_MAX_NODES = 2_000;

function edgesByNode(ids: ReadonlySet<string>, edges: readonly GraphEdge[]) {
  const inEdges = new Map<string, { origin: string; destination: string }[]>();
  const outEdges = new Map<string, { origin: string; destination: string }[]>();
  const seen = new Set<string>();
  for (const edge of edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target)) continue;
    const key = `${edge.source}\u0000${edge.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pair = { origin: edge.source, destination: edge.target };
    pushTo(inEdges, edge.target, pair);
    pushTo(outEdges, edge.source, pair);
  }
  return { inEdges, outEdges };
}

/**
 * Marquez's `GET /lineage`: the datasets and jobs connected to a node, both ways. Marquez counts
 * depth in jobs; Rootline walks edges, so a depth of N jobs is 2N edges (dataset -> job -> dataset).
 */
export async function buildMarquezLineage(store: Store, ref: NodeRef, id: string, depth: number) {
  const start = await lineageStart(store, ref, id);
  await requireNode(store, start);
  const subgraph = await store.traverse({
    start: [start],
    direction: 'both',
    depth: depth * 2,
    level: 'dataset',
    edgeKinds: ['INPUT', 'OUTPUT'],
    maxNodes: MARQUEZ_MAX_NODES,
  });
  const nodes = subgraph.nodes
    .map((entry) => entry.node)
    .filter((node) => node.kind === 'dataset' || node.kind === 'job');
  const { inEdges, outEdges } = edgesByNode(new Set(nodes.map((node) => node.id)), subgraph.edges);
  const graph: MarquezGraphNode[] = [];
  for (const node of nodes) {
    graph.push({
      id: node.id,
      type: node.kind === 'job' ? 'JOB' : 'DATASET',
      data: node.kind === 'job' ? await toMarquezJob(store, node, { runs: 1 }) : await toMarquezDataset(store, node),
      inEdges: inEdges.get(node.id) ?? [],
      outEdges: outEdges.get(node.id) ?? [],
    });
  }
  return { graph };
}

async function lineageStart(store: Store, ref: NodeRef, id: string): Promise<string> {
  switch (ref.kind) {
    case 'dataset':
    case 'job':
      return id;
    case 'datasetField':
      return datasetId(ref.namespace, ref.name);
    case 'run': {
      const run = await store.getRun(ref.runId);
      if (!run) throw new NotFoundError(`run '${ref.runId}' not found`);
      return run.jobId;
    }
    default:
      throw new InputError(`lineage starts at a dataset, field, job or run; '${id}' is a ${ref.kind}`, {
        path: 'query.nodeId',
      });
  }
}

function fieldData(node: GraphNode, inbound: readonly GraphEdge[], nodesById: ReadonlyMap<string, GraphNode>) {
  const first = inbound[0]?.transformations[0];
  return {
    namespace: node.namespace,
    dataset: node.name,
    datasetVersion: null,
    field: String(node.attributes.field ?? ''),
    fieldType: typeof node.attributes.type === 'string' ? node.attributes.type : null,
    transformationDescription: first?.description ?? null,
    transformationType: first ? (first.subtype ?? first.type) : null,
    inputFields: inbound.map((edge) => {
      const source = nodesById.get(edge.source);
      const transformation = edge.transformations[0];
      return {
        namespace: source?.namespace ?? '',
        dataset: source?.name ?? '',
        field: String(source?.attributes.field ?? edge.source.split(':').at(-1) ?? ''),
        transformationDescription: transformation?.description ?? null,
        transformationType: transformation ? (transformation.subtype ?? transformation.type) : null,
        transformations: edge.transformations,
      };
    }),
  };
}

/**
 * Marquez's `GET /column-lineage`: field nodes upstream of a field (or of every field of a
 * dataset), and downstream too when `withDownstream` is set.
 */
export async function buildMarquezColumnLineage(
  store: Store,
  ref: NodeRef,
  id: string,
  options: { depth: number; withDownstream: boolean },
) {
  if (ref.kind !== 'dataset' && ref.kind !== 'datasetField') {
    throw new InputError(`column lineage starts at a dataset or datasetField; '${id}' is a ${ref.kind}`, {
      path: 'query.nodeId',
    });
  }
  await requireNode(store, id);
  const start = ref.kind === 'dataset' ? (await store.listFields(id)).map((field) => field.id) : [id];
  if (start.length === 0) return { graph: [] };
  const subgraph = await store.traverse({
    start,
    direction: options.withDownstream ? 'both' : 'upstream',
    depth: options.depth,
    level: 'column',
    edgeKinds: ['DERIVES'],
    maxNodes: MARQUEZ_MAX_NODES,
  });
  const nodes = subgraph.nodes.map((entry) => entry.node).filter((node) => node.kind === 'datasetField');
  const nodesById = new Map(nodes.map((node) => [node.id, node]));
  const { inEdges, outEdges } = edgesByNode(new Set(nodesById.keys()), subgraph.edges);
  const inboundByTarget = new Map<string, GraphEdge[]>();
  for (const edge of subgraph.edges) {
    if (nodesById.has(edge.source)) pushTo(inboundByTarget, edge.target, edge);
  }
  const graph: MarquezGraphNode[] = nodes.map((node) => {
    const inbound = inboundByTarget.get(node.id) ?? [];
    return {
      id: node.id,
      type: 'DATASET_FIELD',
      data: fieldData(node, inbound, nodesById),
      inEdges: inEdges.get(node.id) ?? [],
      outEdges: outEdges.get(node.id) ?? [],
    };
  });
  return { graph };
}
