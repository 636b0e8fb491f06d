import { EDGE_KINDS } from '../model/graph.js';
import { stepCost } from '../model/pipeline-steps.js';
import { edgeKindCode } from './edge-codes.js';
import type { GraphIndex, WalkResult } from './graph-index.js';
import { IntList } from './int-list.js';
import { IntMap } from './int-map.js';
import type { KeyedSummary } from './node-summary-cache.js';
import type { UpstreamPlace } from './store.js';

/** An upstream walk with the summary of each node it reached, in the walk's order. */
export interface ResolvedWalk {
  walk: WalkResult;
  found: readonly (KeyedSummary | undefined)[];
}

const DERIVES = edgeKindCode('DERIVES');

/**
 * The datasets and jobs upstream of a node, by key, each with its distance in pipeline steps and
 * where one shortest path from it down to the node starts: a column counts as its dataset, and the
 * job a DERIVES edge ran in one step above the column it derived. Numbers in typed lists, no object
 * per node: root cause looks at every node of two walks and reports on a few of them.
 */
export class UpstreamPlaces {
  // Each place's node key and summary, in the order found.
  private readonly keys = new IntList();
  private readonly entries: KeyedSummary[] = [];
  /** Set when nodes beyond `maxSteps` were left out. */
  private cut = false;
  private readonly slotOfKey = new IntMap(1024);
  private slotOfId: Map<string, number> | null = null;
  private readonly jobs = new IntList();
  private readonly distances = new IntList();
  // The path of a place starts at position `at` of walk `walkOf` (then goes down that walk's
  // tree); `tailed` places put their own id first (a column's dataset, a DERIVES edge's job).
  private readonly walkOf = new IntList();
  private readonly atOf = new IntList();
  private readonly tailed = new IntList();
  private readonly walks: ResolvedWalk[] = [];

  constructor(
    private readonly index: GraphIndex,
    private readonly maxSteps: number,
    /** The key of an id, when the caller knows it at once (the summaries just resolved). */
    private readonly keyOf: (id: string) => number | undefined,
  ) {}

  /**
   * Adds the places an upstream walk reached; `related` gives the summaries of the datasets of
   * its columns and the jobs of its DERIVES edges.
   */
  add(resolved: ResolvedWalk, related: (key: number) => KeyedSummary | undefined): void {
    const { walk, found } = resolved;
    const { index } = this;
    const at = this.walks.push(resolved) - 1;
    const steps = new Int32Array(walk.keys.length);
    for (let i = 0; i < walk.keys.length; i++) {
      const reachedBy = walk.reachedBy[i] ?? -1;
      const entry = found[i];
      // Starts (the node and its fields) are not upstream of themselves.
      if (reachedBy < 0 || !entry) continue;
      const { kind } = entry.summary;
      const edgeKind = EDGE_KINDS[index.kindOf(walk.edgeSlots[reachedBy] ?? 0)] ?? 'DERIVES';
      const distance = (steps[walk.edgeTargets[reachedBy] ?? 0] ?? 0) + stepCost(edgeKind, kind);
      steps[i] = distance;
      if (kind === 'datasetField') {
        const dataset = entry.parentKey === null ? undefined : related(entry.parentKey);
        if (dataset) this.put(entry.parentKey as number, dataset, false, distance, at, i, true);
      } else if (kind === 'dataset' || kind === 'job') {
        this.put(walk.keys[i] ?? 0, entry, kind === 'job', distance, at, i, false);
      }
    }
    // Upstream, an edge's target is its end nearer the node asked about.
    for (let e = 0; e < walk.edgeSlots.length; e++) {
      const slot = walk.edgeSlots[e] ?? 0;
      if (index.kindOf(slot) !== DERIVES) continue;
      const via = index.viaOf(slot);
      const job = via < 0 ? undefined : related(via);
      const target = walk.edgeTargets[e] ?? 0;
      if (job) this.put(via, job, true, (steps[target] ?? 0) + 1, at, target, true);
    }
  }

  /** A walk stopped at its node budget, or nodes beyond `maxSteps` were left out. */
  get partial(): boolean {
    return this.cut || this.walks.some(({ walk }) => walk.partial);
  }

  /** The ids of every place, in the order found. */
  ids(): string[] {
    return this.entries.map((entry) => entry.summary.id);
  }

  /** Calls `visit` with each place's key, id, whether it is a job, and summary. */
  forEach(visit: (key: number, id: string, job: boolean, entry: KeyedSummary) => void): void {
    for (let slot = 0; slot < this.entries.length; slot++) {
      const entry = this.entries[slot] as KeyedSummary;
      visit(this.keys.at(slot), entry.summary.id, this.jobs.at(slot) === 1, entry);
    }
  }

  /** Whether an id is an upstream dataset or job. */
  has(id: string): boolean {
    const key = this.keyOf(id);
    return key === undefined ? this.slotById().has(id) : this.slotOfKey.get(key) >= 0;
  }

  /** The place of an upstream dataset or job, by id; null for any other id. */
  placeOf(id: string): UpstreamPlace | null {
    const key = this.keyOf(id);
    const slot = key === undefined ? (this.slotById().get(id) ?? -1) : this.slotOfKey.get(key);
    return slot < 0 ? null : { distance: this.distances.at(slot), path: this.pathOf(slot) };
  }

  /** For ids whose key is not known at once: every place by id, built on first use. */
  private slotById(): Map<string, number> {
    this.slotOfId ??= new Map(this.entries.map((entry, slot) => [entry.summary.id, slot]));
    return this.slotOfId;
  }

  /** From the place down its walk's tree to a start. */
  private pathOf(slot: number): string[] {
    const { walk, found } = this.walks[this.walkOf.at(slot)] as ResolvedWalk;
    const path = this.tailed.at(slot) === 1 ? [this.entries[slot]?.summary.id ?? ''] : [];
    for (let at = this.atOf.at(slot); at >= 0; ) {
      path.push(found[at]?.summary.id ?? '');
      const reachedBy = walk.reachedBy[at] ?? -1;
      at = reachedBy < 0 ? -1 : (walk.edgeTargets[reachedBy] ?? -1);
    }
    return path;
  }

  private put(
    key: number,
    entry: KeyedSummary,
    job: boolean,
    distance: number,
    walk: number,
    at: number,
    tailed: boolean,
  ): void {
    if (distance > this.maxSteps) {
      this.cut = true;
      return;
    }
    let slot = this.slotOfKey.get(key);
    if (slot < 0) {
      slot = this.entries.push(entry) - 1;
      this.slotOfKey.set(key, slot);
      this.keys.push(key);
      this.jobs.push(job ? 1 : 0);
      this.distances.push(distance);
      this.walkOf.push(walk);
      this.atOf.push(at);
      this.tailed.push(tailed ? 1 : 0);
    } else if (this.distances.at(slot) > distance) {
      this.distances.set(slot, distance);
      this.walkOf.set(slot, walk);
      this.atOf.set(slot, at);
      this.tailed.set(slot, tailed ? 1 : 0);
    }
  }
}
