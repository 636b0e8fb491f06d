import type { GraphEdge, GraphNode, Owner } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import type { Store, Subgraph } from '../store/store.js';
import { findNodeOrSuggest } from './find-node.js';
import { findShortestPaths } from './shortest-paths.js';

export type ImpactChange = 'drop' | 'rename' | 'retype';

/**
 * How badly a change reaches a consumer, read from the edges on its shortest path:
 * - `breaking`: values flow into the consumer through DIRECT edges only; dropping or renaming
 *   the column breaks it (and retyping it changes its type).
 * - `review`: a retype reaches the consumer through a TRANSFORMATION or AGGREGATION, which may
 *   absorb the new type or may not.
 * - `rows`: the path passes an INDIRECT edge (JOIN, FILTER, GROUP_BY, ...): the consumer keeps
 *   working but the rows it sees change.
 * - `possible`: reached only through job-level lineage (no column lineage says how).
 */
export type ImpactSeverity = 'breaking' | 'review' | 'rows' | 'possible';

export interface AffectedNode {
  id: string;
  kind: string;
  subtype: string | null;
  name: string;
  depth: number;
  severity: ImpactSeverity;
  path: string[];
  owners: string[];
  /** True for a deployment serving at the time asked about. */
  live?: boolean;
}

export interface ImpactReport {
  node: string;
  change: ImpactChange | null;
  asOf: string | null;
  affected: AffectedNode[];
  summary: Record<string, number>;
  owners: string[];
  partial: boolean;
}

export interface ImpactOptions {
  node: string;
  change?: ImpactChange;
  asOf?: string;
  depth?: number;
  maxNodes?: number;
}

const SEVERITY_RANK: Record<ImpactSeverity, number> = { breaking: 0, review: 1, rows: 2, possible: 3 };

/**
 * What a change to a column, dataset or job would affect downstream: columns, datasets, jobs,
 * feature-view fields, training-set versions, model versions, deployments and exposures, each with
 * its depth, one shortest path, a severity and its owners. Live deployments come first.
 */
export async function analyzeImpact(store: Store, options: ImpactOptions): Promise<ImpactReport> {
  const ref = parseNodeId(options.node);
  const root = await findNodeOrSuggest(store, options.node, options.asOf);
  const depth = options.depth ?? 50;
  const maxNodes = options.maxNodes ?? 10_000;
  const base = { depth, maxNodes, ...(options.asOf ? { asOf: options.asOf } : {}) };

  const columnStarts = await columnStartsOf(store, root, options.asOf);
  const columnWalk: Subgraph = columnStarts.length
    ? await store.traverse({ ...base, start: columnStarts, direction: 'downstream', level: 'column' })
    : { nodes: [], edges: [], partial: false };
  const datasetWalk: Subgraph =
    ref.kind === 'datasetField'
      ? { nodes: [], edges: [], partial: false }
      : await store.traverse({ ...base, start: [root.id], direction: 'downstream', level: 'dataset' });

  const affected = new Map<string, AffectedNode>();
  // The root column's own dataset is where the change happens, not something it affects.
  const excluded = new Set([
    root.id,
    ...columnStarts,
    ...(ref.kind === 'datasetField' ? [`dataset:${ref.namespace}:${ref.name}`] : []),
  ]);
  const change = options.change ?? null;
  collectColumnImpact(columnWalk, columnStarts, change, affected, excluded);
  collectJobLevelImpact(datasetWalk, root.id, affected, excluded);

  const known = new Map<string, GraphNode>();
  for (const walk of [columnWalk, datasetWalk]) for (const entry of walk.nodes) known.set(entry.node.id, entry.node);
  await attachOwnersAndNames(store, affected, known);
  const live = liveDeployments(columnWalk, datasetWalk);
  for (const node of affected.values()) if (node.kind === 'deployment') node.live = live.has(node.id);

  const list = [...affected.values()].sort(compareAffected);
  const summary: Record<string, number> = {};
  const owners = new Set<string>();
  for (const node of list) {
    const key = summaryKey(node);
    summary[key] = (summary[key] ?? 0) + 1;
    for (const owner of node.owners) owners.add(owner);
  }
  return {
    node: root.id,
    change,
    asOf: options.asOf ?? null,
    affected: list,
    summary,
    owners: [...owners].sort(),
    partial: columnWalk.partial || datasetWalk.partial,
  };
}

async function columnStartsOf(store: Store, root: GraphNode, asOf: string | undefined): Promise<string[]> {
  if (root.kind === 'datasetField') return [root.id];
  if (root.kind === 'dataset') {
    const fields = await store.listFields(root.id, asOf ? { asOf } : {});
    return fields.map((field) => field.id);
  }
  if (root.kind === 'job') {
    const outputs = await store.listEdges({
      nodeId: root.id,
      direction: 'out',
      kinds: ['OUTPUT'],
      ...(asOf ? { asOf } : {}),
    });
    const fields = await Promise.all(outputs.map((edge) => store.listFields(edge.target, asOf ? { asOf } : {})));
    return fields.flat().map((field) => field.id);
  }
  return [root.id];
}

function collectColumnImpact(
  walk: Subgraph,
  starts: string[],
  change: ImpactChange | null,
  affected: Map<string, AffectedNode>,
  excluded: Set<string>,
): void {
  const paths = findShortestPaths(starts, walk.edges, 'downstream');
  const add = (
    id: string,
    kind: string,
    depth: number,
    path: string[],
    severity: ImpactSeverity,
    subtype: string | null = null,
  ) => {
    if (excluded.has(id)) return;
    const existing = affected.get(id);
    if (
      existing &&
      (existing.depth < depth ||
        (existing.depth === depth && SEVERITY_RANK[existing.severity] <= SEVERITY_RANK[severity]))
    ) {
      return;
    }
    affected.set(id, { id, kind, subtype, name: id, depth, severity, path, owners: [] });
  };

  for (const { node, depth } of walk.nodes) {
    const path = paths.pathTo(node.id);
    const edges = paths.edgesTo(node.id);
    if (!path || !edges) continue;
    const severity = severityOf(edges, change);
    add(node.id, node.kind, depth, path, severity, node.subtype);
    if (node.kind === 'datasetField') {
      const field = parseNodeId(node.id);
      if (field.kind === 'datasetField') {
        const dataset = `dataset:${field.namespace}:${field.name}`;
        add(dataset, 'dataset', depth, [...path, dataset], severity);
      }
    }
  }
  for (const edge of walk.edges) {
    const edges = paths.edgesTo(edge.target);
    const path = paths.pathTo(edge.target);
    if (!edges || !path) continue;
    const depth = edges.length;
    if (edge.kind === 'DERIVES' && edge.via)
      add(edge.via, 'job', depth, [...path.slice(0, -1), edge.via], severityOf(edges, change));
    if (edge.kind === 'TRAINED_ON' && typeof edge.attributes.version === 'string') {
      const field = parseNodeId(edge.source);
      if (field.kind === 'datasetField') {
        const version = `dataset:${field.namespace}:${field.name}#${edge.attributes.version}`;
        const sourcePath = paths.pathTo(edge.source) ?? [edge.source];
        add(
          version,
          'dataset',
          depth,
          [...sourcePath, version],
          severityOf(edges.slice(0, -1), change),
          'trainingSetVersion',
        );
      }
    }
  }
}

function collectJobLevelImpact(
  walk: Subgraph,
  rootId: string,
  affected: Map<string, AffectedNode>,
  excluded: Set<string>,
): void {
  const paths = findShortestPaths([rootId], walk.edges, 'downstream');
  for (const { node, depth } of walk.nodes) {
    if (excluded.has(node.id) || affected.has(node.id)) continue;
    const path = paths.pathTo(node.id) ?? [rootId, node.id];
    affected.set(node.id, {
      id: node.id,
      kind: node.kind,
      subtype: node.subtype,
      name: node.name,
      depth,
      severity: 'possible',
      path,
      owners: [],
    });
  }
}

/** Reads the severity off the DERIVES edges of a path (see {@link ImpactSeverity}). */
export function severityOf(edges: readonly GraphEdge[], change: ImpactChange | null): ImpactSeverity {
  let transformed = false;
  for (const edge of edges) {
    if (edge.kind !== 'DERIVES') continue;
    const direct = edge.transformations.filter((t) => t.type === 'DIRECT');
    if (edge.transformations.length > 0 && direct.length === 0) return 'rows';
    if (direct.some((t) => t.subtype === 'TRANSFORMATION' || t.subtype === 'AGGREGATION')) transformed = true;
  }
  return change === 'retype' && transformed ? 'review' : 'breaking';
}

function liveDeployments(...walks: Subgraph[]): Set<string> {
  const live = new Set<string>();
  for (const walk of walks) {
    for (const edge of walk.edges) if (edge.kind === 'SERVES' && edge.validTo === null) live.add(edge.target);
  }
  return live;
}

/** Fills in names and owners, reusing the nodes the walks returned and loading only the rest. */
async function attachOwnersAndNames(
  store: Store,
  affected: Map<string, AffectedNode>,
  known: Map<string, GraphNode>,
): Promise<void> {
  const missing = new Set<string>();
  for (const node of affected.values()) {
    for (const id of [baseId(node.id), ownerParent(node.id)]) if (id && !known.has(id)) missing.add(id);
  }
  for (const node of await store.getNodes([...missing])) known.set(node.id, node);
  for (const node of affected.values()) {
    const own = known.get(baseId(node.id));
    const parent = known.get(ownerParent(node.id) ?? '');
    const owners = own?.owners.length ? own.owners : (parent?.owners ?? []);
    node.owners = ownerNames(owners);
    if (own) {
      node.name = own.kind === 'datasetField' ? `${own.name}.${String(own.attributes.field ?? '')}` : own.name;
      if (node.subtype === null) node.subtype = own.subtype;
    }
  }
}

function baseId(id: string): string {
  const hash = id.indexOf('#');
  return hash === -1 ? id : id.slice(0, hash);
}

/** Owners are inherited for display from a dataset to its columns and from a model to its versions. */
function ownerParent(id: string): string | null {
  const ref = parseNodeId(baseId(id));
  if (ref.kind === 'datasetField') return `dataset:${ref.namespace}:${ref.name}`;
  if (ref.kind === 'modelVersion') return `model:${ref.namespace}:${ref.name}`;
  return null;
}

function ownerNames(owners: readonly Owner[]): string[] {
  return [...new Set(owners.map((owner) => owner.name))].sort();
}

function compareAffected(a: AffectedNode, b: AffectedNode): number {
  const liveA = a.live ? 0 : 1;
  const liveB = b.live ? 0 : 1;
  return (
    liveA - liveB ||
    a.depth - b.depth ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.id.localeCompare(b.id)
  );
}

const SUMMARY_KEYS: Record<string, string> = {
  datasetField: 'columns',
  dataset: 'datasets',
  job: 'jobs',
  model: 'models',
  modelVersion: 'modelVersions',
  deployment: 'deployments',
  assertion: 'assertions',
};

/** The kind of an affected node as people say it, singular: "training-set version", "column". */
export function describeKind(node: AffectedNode): string {
  return label(summaryKey(node), 1);
}

function summaryKey(node: AffectedNode): string {
  if (node.subtype === 'trainingSetVersion') return 'trainingSetVersions';
  if (node.subtype === 'featureView' && node.kind === 'dataset') return 'featureViews';
  if (node.subtype === 'exposure') return 'exposures';
  return SUMMARY_KEYS[node.kind] ?? node.kind;
}

/** Counts by kind for people: "2 deployments, 3 model versions, 41 columns". */
export function describeSummary(summary: Record<string, number>): string {
  const parts = Object.entries(summary)
    .sort((a, b) => SUMMARY_ORDER.indexOf(a[0]) - SUMMARY_ORDER.indexOf(b[0]))
    .map(([key, count]) => `${count} ${label(key, count)}`);
  return parts.length ? parts.join(', ') : 'nothing downstream';
}

/** One sentence for people: "2 deployments, 3 model versions, 41 columns; owners: a, b". */
export function describeImpact(report: ImpactReport): string {
  const what = describeSummary(report.summary);
  const owners = report.owners.length ? `; owners: ${report.owners.join(', ')}` : '';
  return `${what}${owners}${report.partial ? ' (partial: a traversal bound was reached)' : ''}`;
}

const SUMMARY_ORDER = [
  'deployments',
  'modelVersions',
  'trainingSetVersions',
  'featureViews',
  'exposures',
  'datasets',
  'columns',
  'jobs',
];

function label(key: string, count: number): string {
  const words: Record<string, string> = {
    modelVersions: 'model version',
    trainingSetVersions: 'training-set version',
    featureViews: 'feature view',
    deployments: 'deployment',
    exposures: 'exposure',
    datasets: 'dataset',
    columns: 'column',
    jobs: 'job',
  };
  const word = words[key] ?? key;
  return count === 1 ? word : `${word}s`;
}
