import type { GraphEdge, GraphNode, Owner, Transformation } from '../model/graph.js';
import { parseNodeId } from '../model/node-id.js';
import { walkDepthFor } from '../model/pipeline-steps.js';
import { IntList } from '../store/int-list.js';
import type { NodeSummary, Store, TreeEdge, TreeNode, WalkTree } from '../store/store.js';
import { findNodeOrSuggest } from './find-node.js';
import { summaryKey } from './impact-describe.js';
import { stepsOf } from './pipeline-steps.js';
import { treePath } from './tree-paths.js';

export { describeImpact, describeKind, describeSummary } from './impact-describe.js';

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
  owners: readonly string[];
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
const NO_TREE: WalkTree = { nodes: [], edges: [], parents: new Map(), partial: false };

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
  const base = { maxNodes, direction: 'downstream' as const, ...(options.asOf ? { asOf: options.asOf } : {}) };

  const columnStarts = await columnStartsOf(store, root, options.asOf);
  const [columnTree, datasetTree] = await Promise.all([
    columnStarts.length
      ? store.walkTree({ ...base, start: columnStarts, level: 'column', depth: walkDepthFor('column', depth) })
      : NO_TREE,
    ref.kind === 'datasetField'
      ? NO_TREE
      : store.walkTree({ ...base, start: [root.id], level: 'dataset', depth: walkDepthFor('dataset', depth) }),
  ]);

  // The root column's own dataset is where the change happens, not something it affects.
  const excluded = new Set([
    root.id,
    ...columnStarts,
    ...(ref.kind === 'datasetField' ? [`dataset:${ref.namespace}:${ref.name}`] : []),
  ]);
  const affected = new AffectedSet(excluded);
  const change = options.change ?? null;
  await collectColumnImpact(store, columnTree, change, affected, options.asOf);
  const cut = collectJobLevelImpact(datasetTree, affected, depth);
  const live = liveDeployments(columnTree, datasetTree);
  const unsorted = affected.list();
  // Indexed loops in this module: the hot ones run once per affected node or walked edge, and an
  // iterator per loop (or per node's owners) is garbage that costs more than the loop body.
  for (let i = 0; i < unsorted.length; i++) {
    const node = unsorted[i] as AffectedNode;
    if (node.kind === 'deployment') node.live = live.has(node.id);
  }
  const list = sortAffected(unsorted);
  const summary: Record<string, number> = {};
  const owners = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const node = list[i] as AffectedNode;
    const key = summaryKey(node);
    summary[key] = (summary[key] ?? 0) + 1;
    for (let o = 0; o < node.owners.length; o++) owners.add(node.owners[o] as string);
  }
  return {
    node: root.id,
    change,
    asOf: options.asOf ?? null,
    affected: list,
    summary,
    owners: [...owners].sort(),
    partial: columnTree.partial || datasetTree.partial || cut,
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

const NO_PATH: string[] = [];

/**
 * The affected nodes by id: the shallowest entry wins, then the most severe. An entry is built
 * when an id is first offered and updated in place by a better offer; its path is spelled out once,
 * at the end, from the tree node it was reached through (kept beside it, not in it).
 */
class AffectedSet {
  private readonly at = new Map<string, number>();
  private readonly entries: AffectedNode[] = [];
  /** The walks entries come from (the column walk and the job-level walk), and each entry's. */
  private readonly trees: WalkTree[] = [];
  private readonly treeOf = new IntList();
  /** The tree node whose path leads to each entry, or -1. */
  private readonly froms = new IntList();
  /** The id appended after that path (a column's dataset, an edge's job), or null. */
  private readonly tails: (string | null)[] = [];

  constructor(private readonly excluded: ReadonlySet<string>) {}

  /** Whether an entry was offered through {@link add} (columns go through {@link addColumn}). */
  has(id: string): boolean {
    return this.at.has(id);
  }

  /**
   * Adds a column reached as node `index` of the column walk. Each column is reached once there
   * and offered by nothing else, so it needs no lookup: half the entries of a large report, and
   * the map would have to hold them all.
   */
  addColumn(tree: WalkTree, index: number, severity: ImpactSeverity): void {
    const { node, depth } = tree.nodes[index] as TreeNode;
    if (!this.excluded.has(node.id)) this.push(tree, node, depth, severity, index, null, node.id, node.subtype);
  }

  /** Offers `node` (as `id`, for a training-set version), reached along the tree to `from` and then `tail`. */
  add(
    tree: WalkTree,
    node: NodeSummary,
    depth: number,
    severity: ImpactSeverity,
    from: number,
    tail: string | null,
    id = node.id,
    subtype = node.subtype,
  ): void {
    if (this.excluded.has(id)) return;
    const index = this.at.get(id);
    const known = index === undefined ? undefined : this.entries[index];
    if (index !== undefined && known) {
      if (known.depth < depth || (known.depth === depth && SEVERITY_RANK[known.severity] <= SEVERITY_RANK[severity])) {
        return;
      }
      known.depth = depth;
      known.severity = severity;
      this.treeOf.set(index, this.treeIndex(tree));
      this.froms.set(index, from);
      this.tails[index] = tail;
      return;
    }
    this.at.set(id, this.entries.length);
    this.push(tree, node, depth, severity, from, tail, id, subtype);
  }

  private push(
    tree: WalkTree,
    node: NodeSummary,
    depth: number,
    severity: ImpactSeverity,
    from: number,
    tail: string | null,
    id: string,
    subtype: string | null,
  ): void {
    const parent = node.parentId ? tree.parents.get(node.parentId) : undefined;
    this.entries.push({
      id,
      kind: node.kind,
      subtype,
      name: node.field === null ? node.name : `${node.name}.${node.field}`,
      depth,
      severity,
      path: NO_PATH,
      owners: ownerNames(node.owners.length ? node.owners : (parent?.owners ?? [])),
    });
    this.treeOf.push(this.treeIndex(tree));
    this.froms.push(from);
    this.tails.push(tail);
  }

  private treeIndex(tree: WalkTree): number {
    const known = this.trees.indexOf(tree);
    return known >= 0 ? known : this.trees.push(tree) - 1;
  }

  /** The entries, each with its path. */
  list(): AffectedNode[] {
    for (let i = 0; i < this.entries.length; i++) {
      (this.entries[i] as AffectedNode).path = treePath(
        this.trees[this.treeOf.at(i)] as WalkTree,
        this.froms.at(i),
        this.tails[i] ?? null,
      );
    }
    return this.entries;
  }
}

/** The severity state of every tree node's path (parents come before children in the tree's order). */
function pathStates(tree: WalkTree): Uint8Array {
  const states = new Uint8Array(tree.nodes.length);
  for (let index = 0; index < tree.nodes.length; index++) {
    const { reachedBy, from } = tree.nodes[index] as TreeNode;
    const edge = tree.edges[reachedBy];
    if (edge) states[index] = stepSeverity(states[from] ?? PLAIN, edge);
  }
  return states;
}

async function collectColumnImpact(
  store: Store,
  tree: WalkTree,
  change: ImpactChange | null,
  affected: AffectedSet,
  asOf: string | undefined,
): Promise<void> {
  const states = pathStates(tree);
  for (let index = 0; index < tree.nodes.length; index++) {
    const { node, depth } = tree.nodes[index] as TreeNode;
    const severity = finishSeverity(states[index] ?? PLAIN, change);
    if (node.kind === 'datasetField') affected.addColumn(tree, index, severity);
    else affected.add(tree, node, depth, severity, index, null);
    const dataset = node.kind === 'datasetField' && node.parentId ? tree.parents.get(node.parentId) : undefined;
    if (dataset) affected.add(tree, dataset, depth, severity, index, dataset.id);
  }
  const trainedOn: TreeEdge[] = [];
  for (let i = 0; i < tree.edges.length; i++) {
    const edge = tree.edges[i] as TreeEdge;
    const target = tree.nodes[edge.target];
    if (!target) continue;
    if (edge.kind === 'DERIVES' && edge.via) {
      const severity = finishSeverity(states[edge.target] ?? PLAIN, change);
      affected.add(tree, edge.via, target.depth, severity, target.from, edge.via.id);
    }
    if (edge.kind === 'TRAINED_ON') trainedOn.push(edge);
  }
  await collectTrainingSetVersions(store, tree, trainedOn, states, change, affected, asOf);
}

/**
 * A model version trained on a column was trained on one version of its dataset: that version
 * (from the edge's attributes, read for these few edges only) is affected as a training set.
 */
async function collectTrainingSetVersions(
  store: Store,
  tree: WalkTree,
  trainedOn: readonly TreeEdge[],
  states: Uint8Array,
  change: ImpactChange | null,
  affected: AffectedSet,
  asOf: string | undefined,
): Promise<void> {
  const targets = [...new Set(trainedOn.map((edge) => edge.target))];
  const stored = await Promise.all(
    targets.map((target) =>
      store.listEdges({
        nodeId: tree.nodes[target]?.node.id ?? '',
        direction: 'in',
        kinds: ['TRAINED_ON'],
        ...(asOf ? { asOf } : {}),
      }),
    ),
  );
  const versionOf = new Map<string, string>();
  for (const edge of stored.flat()) {
    if (typeof edge.attributes.version === 'string')
      versionOf.set(`${edge.source}>${edge.target}`, edge.attributes.version);
  }
  for (const edge of trainedOn) {
    const source = tree.nodes[edge.source]?.node;
    const target = tree.nodes[edge.target];
    const version = versionOf.get(`${source?.id}>${target?.node.id}`);
    const dataset = source?.parentId ? tree.parents.get(source.parentId) : undefined;
    if (!source || !target || !version || !dataset) continue;
    const id = `${dataset.id}#${version}`;
    const severity = finishSeverity(states[edge.source] ?? PLAIN, change);
    affected.add(tree, dataset, target.depth, severity, edge.source, id, id, 'trainingSetVersion');
  }
}

/**
 * Whatever only job-level lineage reaches (no column lineage says how): severity `possible`, at its
 * distance in pipeline steps. True when the walk reached nodes beyond `maxSteps`, which are left out.
 */
function collectJobLevelImpact(tree: WalkTree, affected: AffectedSet, maxSteps: number): boolean {
  const steps = stepsOf(tree);
  let cut = false;
  for (let index = 0; index < tree.nodes.length; index++) {
    const { node } = tree.nodes[index] as TreeNode;
    const distance = steps[index] as number;
    if (distance > maxSteps) cut = true;
    else if (!affected.has(node.id)) affected.add(tree, node, distance, 'possible', index, null);
  }
  return cut;
}

/**
 * Deployments serving at the time asked about: the target of a SERVES edge the walk took (it only
 * takes edges valid at that time, so a deployment retired since still counts as live back then).
 */
function liveDeployments(...trees: WalkTree[]): Set<string> {
  const live = new Set<string>();
  for (const tree of trees) {
    for (let i = 0; i < tree.edges.length; i++) {
      const edge = tree.edges[i] as TreeEdge;
      const deployment = tree.nodes[edge.target]?.node;
      if (edge.kind === 'SERVES' && deployment) live.add(deployment.id);
    }
  }
  return live;
}

/** What severity reads of an edge (whole edges and tree edges alike). */
interface SeverityEdge {
  kind: GraphEdge['kind'];
  transformations: readonly Transformation[];
}

// The severity state of a path so far: nothing special, a DIRECT TRANSFORMATION or AGGREGATION
// on it, or an INDIRECT-only edge on it (the consumer sees other rows; nothing breaks).
const PLAIN = 0;
const TRANSFORMED = 1;
const ROWS = 2;

function stepSeverity(state: number, edge: SeverityEdge): number {
  if (state === ROWS || edge.kind !== 'DERIVES') return state;
  let direct = false;
  let next = state;
  for (let i = 0; i < edge.transformations.length; i++) {
    const t = edge.transformations[i] as Transformation;
    if (t.type !== 'DIRECT') continue;
    direct = true;
    if (t.subtype === 'TRANSFORMATION' || t.subtype === 'AGGREGATION') next = TRANSFORMED;
  }
  return edge.transformations.length > 0 && !direct ? ROWS : next;
}

function finishSeverity(state: number, change: ImpactChange | null): ImpactSeverity {
  if (state === ROWS) return 'rows';
  return change === 'retype' && state === TRANSFORMED ? 'review' : 'breaking';
}

/** Reads the severity off the DERIVES edges of a path (see {@link ImpactSeverity}). */
export function severityOf(edges: readonly SeverityEdge[], change: ImpactChange | null): ImpactSeverity {
  return finishSeverity(edges.reduce(stepSeverity, PLAIN), change);
}

/** Shared by every affected node without owners (most of a large report): frozen, never edited. */
const NO_OWNERS: readonly string[] = Object.freeze([]);

function ownerNames(owners: readonly Owner[]): readonly string[] {
  if (owners.length === 0) return NO_OWNERS;
  return [...new Set(owners.map((owner) => owner.name))].sort();
}

/**
 * Live deployments first, then by depth and severity; within those, in the order the walk reached
 * them (deterministic for a given graph, and it keeps a node's consumers together). Sorting ten
 * thousand long ids as well would cost more than the whole walk.
 */
function sortAffected(list: AffectedNode[]): AffectedNode[] {
  const rank = (node: AffectedNode): number =>
    (node.live ? 0 : 1 << 24) + node.depth * 4 + SEVERITY_RANK[node.severity];
  return list.sort((a, b) => rank(a) - rank(b));
}
