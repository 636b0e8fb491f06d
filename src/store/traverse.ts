import { NotFoundError } from '../model/errors.js';
import { EDGE_KINDS, type EdgeKind } from '../model/graph.js';
import { ActivityIndex } from './activity-index.js';
import { AliasCache } from './alias-cache.js';
import { canonicalId, loadAliases } from './aliases.js';
import { edgeKindCode, LEVEL_BITS, transformationFilterMask } from './edge-codes.js';
import { EDGE_FEED_SQL, GraphIndex, type WalkQuery } from './graph-index.js';
import { ImmutableRows } from './immutable-rows.js';
import { IncidentIndex } from './incident-index.js';
import { EdgeCache, NodeCache } from './node-cache.js';
import { NodeSummaryCache } from './node-summary-cache.js';
import { chunk, placeholders, type SqlDriver, type SqlExecutor } from './sql-driver.js';
import type { Subgraph, TraversalQuery } from './store.js';
import { readWatermarks } from './watermarks.js';

export const DEFAULT_MAX_NODES = 10_000;
/** Wall-clock budget of a walk whose query sets no deadline; past it the answer is `partial`. */
export const DEFAULT_TIME_BUDGET_MS = 5_000;

function kindMaskOf(kinds: readonly EdgeKind[] | undefined): number {
  let mask = 0;
  for (const kind of kinds && kinds.length > 0 ? kinds : EDGE_KINDS) mask |= 1 << edgeKindCode(kind);
  return mask;
}

/** The integer keys of the start ids (aliases resolved); an unknown id is a NotFoundError. */
export async function startKeys(db: SqlExecutor, start: readonly string[]): Promise<number[]> {
  const aliases = await loadAliases(db, start);
  const ids = [...new Set(start.map((id) => canonicalId(id, aliases)))];
  const keys = new Map<string, number>();
  for (const part of chunk(ids)) {
    const rows = await db.all<{ nid: number; id: string }>(
      `SELECT nid, id FROM nodes WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) keys.set(row.id, row.nid);
  }
  return ids.map((id) => {
    const key = keys.get(id);
    if (key === undefined) throw new NotFoundError(`no node '${id}'`);
    return key;
  });
}

/** The index walk of a traversal query, in both directions' common part. */
export function walkQueryOf(query: Omit<TraversalQuery, 'direction'>, starts: number[]): Omit<WalkQuery, 'forward'> {
  return {
    starts,
    depth: Math.max(0, Math.floor(query.depth)),
    levelBit: LEVEL_BITS[query.level],
    kindMask: kindMaskOf(query.edgeKinds),
    derivesCode: edgeKindCode('DERIVES'),
    transformationMask: query.transformations?.length ? transformationFilterMask(query.transformations) : 0,
    asOfMs: query.asOf === undefined ? null : Date.parse(query.asOf),
    maxNodes: Math.max(1, query.maxNodes ?? DEFAULT_MAX_NODES),
    deadline: query.deadline ?? Date.now() + DEFAULT_TIME_BUDGET_MS,
  };
}

/** The in-memory traversal index and the caches that resolve its results, one set per store. */
export interface TraversalResources {
  index: GraphIndex;
  /** Versions, failed runs and failed assertions by node, for root cause. */
  activity: ActivityIndex;
  nodes: NodeCache;
  edges: EdgeCache;
  summaries: NodeSummaryCache;
  /** Dataset versions and assertion results by row id, as root cause cites them. */
  rows: ImmutableRows;
  /** Which datasets are aliases, as looked up. */
  aliases: AliasCache;
  /** Every incident's node and open interval, for root cause. */
  incidents: IncidentIndex;
}

/** The caches {@link catchUp} brings up to date beside the traversal index. */
export type FollowedCache = 'nodes' | 'summaries' | 'activity' | 'aliases' | 'incidents';

/**
 * Brings the traversal index and the named caches up to date: one statement reads how far each
 * table moved ({@link readWatermarks}), and only the feeds of those that moved are read.
 */
export async function catchUp(
  db: SqlExecutor,
  resources: TraversalResources,
  caches: readonly FollowedCache[],
): Promise<void> {
  const marks = await readWatermarks(db);
  const refresh = (cache: FollowedCache): Promise<void> | void => {
    switch (cache) {
      case 'activity':
        return resources.activity.refresh(marks);
      case 'aliases':
        return resources.aliases.refresh(marks.aliases);
      case 'incidents':
        return resources.incidents.refresh(marks.incidents);
      default:
        return resources[cache].refresh(marks.nodes);
    }
  };
  await Promise.all([resources.index.refresh(marks.edges), ...caches.map(refresh)]);
}

/** Resources whose index loads on its first refresh. */
export function createTraversalResources(db: SqlExecutor & Pick<SqlDriver, 'allRaw'>): TraversalResources {
  const edges = new EdgeCache(db);
  const index = new GraphIndex(
    (after, limit) => db.allRaw(EDGE_FEED_SQL, [after, limit]),
    (eid) => edges.invalidate(eid),
    async () => {
      const row = await db.get<{ n: number; m: number | null }>('SELECT COUNT(*) AS n, MAX(eid) AS m FROM edges');
      return { edges: Number(row?.n ?? 0), maxEid: Number(row?.m ?? 0) };
    },
  );
  return {
    index,
    activity: new ActivityIndex(db),
    nodes: new NodeCache(db),
    edges,
    summaries: new NodeSummaryCache(db),
    rows: new ImmutableRows(db),
    aliases: new AliasCache(db),
    incidents: new IncidentIndex(db),
  };
}

/**
 * Breadth-first traversal over the in-memory index: upstream follows edges backwards,
 * downstream forwards, and both is the union of the two walks (the start's ancestors and
 * descendants, not its siblings). Only the result's nodes and edges are read from the database.
 */
export async function traverseGraph(
  db: SqlExecutor,
  resources: TraversalResources,
  query: TraversalQuery,
): Promise<Subgraph> {
  const { index } = resources;
  if (query.start.length === 0) return { nodes: [], edges: [], partial: false };
  // Independent round trips run together: they dominate small walks on PostgreSQL.
  const [starts] = await Promise.all([startKeys(db, query.start), catchUp(db, resources, ['nodes'])]);
  const base = walkQueryOf(query, starts);
  const maxNodes = base.maxNodes;
  const walks =
    query.direction === 'both'
      ? [index.walk({ ...base, forward: false }), index.walk({ ...base, forward: true })]
      : [index.walk({ ...base, forward: query.direction === 'downstream' })];
  const depths = new Map<number, number>();
  const edgeIds = new Set<number>();
  let partial = false;
  for (const walk of walks) {
    partial ||= walk.partial;
    for (let i = 0; i < walk.keys.length; i++) {
      const node = walk.keys[i] ?? 0;
      const depth = walk.depths[i] ?? 0;
      depths.set(node, Math.min(depth, depths.get(node) ?? depth));
    }
    for (const slot of walk.edgeSlots) edgeIds.add(index.eidOf(slot));
  }
  let keys = [...depths.keys()];
  if (keys.length > maxNodes) {
    keys = keys.sort((a, b) => (depths.get(a) ?? 0) - (depths.get(b) ?? 0)).slice(0, maxNodes);
    partial = true;
  }
  const nodes = await resources.nodes.resolve(keys);
  const edges = await resources.edges.resolve([...edgeIds], (nid) => nodes.get(nid)?.id);
  return {
    nodes: keys.flatMap((key) => {
      const node = nodes.get(key);
      return node ? [{ node, depth: depths.get(key) ?? 0 }] : [];
    }),
    edges,
    partial,
  };
}
