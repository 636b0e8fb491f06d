import { NotFoundError } from '../model/errors.js';
import type { TraversalLevel } from '../model/graph.js';
import { datasetOfId, parseNodeId } from '../model/node-id.js';
import { walkDepthFor } from '../model/pipeline-steps.js';
import type { Incident } from './active-store.js';
import type { WalkResult } from './graph-index.js';
import type { KeyedSummary } from './node-summary-cache.js';
import { fieldIdsOf, readFieldIds } from './read-nodes.js';
import type { SqlExecutor } from './sql-driver.js';
import type { UpstreamActivity, UpstreamActivityQuery, UpstreamIncident } from './store.js';
import { catchUp, type TraversalResources, walkQueryOf } from './traverse.js';
import { findEvidence, readFailedAssertions, readLineageChanges, readSchemaChanges } from './upstream-evidence.js';
import { UpstreamPlaces } from './upstream-places.js';

/**
 * What happened upstream of a node (see {@link UpstreamActivity}): both walks run on the traversal
 * index and the evidence is looked up in the activity index by node key; the database is read
 * only for what was found and is not kept yet (failed assertion results and the schemas on both
 * sides of each schema change, kept once read; changed edges), one query per kind.
 */
export async function traceUpstreamActivity(
  db: SqlExecutor,
  resources: TraversalResources,
  query: UpstreamActivityQuery,
): Promise<UpstreamActivity> {
  // Asked again about the same node, everything below comes from memory: one statement in all.
  await catchUp(db, resources, ['summaries', 'activity', 'aliases', 'incidents']);
  const { node, root } = await rootOf(resources, query.node, query.until);
  const fields = await fieldKeysOf(db, resources, node, root, query.until);
  const places = await placesUpstream(resources, query, [root], fields);
  const window = { since: Date.parse(query.since), until: Date.parse(query.until) };
  const found = findEvidence(resources, places, window, query);
  const [failedAssertions, schemaChanges, lineageChanges, openIncidents] = await Promise.all([
    readFailedAssertions(resources.rows, found.assertions),
    readSchemaChanges(resources.rows, found.schemaChanges),
    readLineageChanges(db, found.edges, window),
    resources.incidents.openAt(query.until, (id) => {
      const owner = datasetOfId(id);
      return id === node || owner === node || places.has(owner);
    }),
  ]);
  const placed = (incident: Incident): UpstreamIncident | null => {
    const owner = datasetOfId(incident.nodeId);
    const place = incident.nodeId === node || owner === node ? { distance: 0, path: [node] } : places.placeOf(owner);
    return place && { incident, ...place };
  };
  return {
    node,
    upstream: places.ids(),
    partial: places.partial,
    placeOf: (id) => places.placeOf(id),
    failedRuns: found.failedRuns,
    failedAssertions,
    schemaChanges,
    staleInputs: found.staleInputs,
    lineageChanges,
    openIncidents: openIncidents.flatMap((incident) => placed(incident) ?? []),
  };
}

/** The canonical id of the node asked about and its key; unknown, or created after `until`, is a NotFoundError. */
async function rootOf(
  { aliases, summaries }: TraversalResources,
  asked: string,
  until: string,
): Promise<{ node: string; root: number }> {
  const node = await aliases.canonicalOf(asked);
  const [root] = await summaries.keysOf([node]);
  const created = root === undefined ? undefined : (await summaries.resolveList([root]))[0]?.createdMs;
  if (root === undefined || created === undefined || created > Date.parse(until)) {
    throw new NotFoundError(`no node '${asked}'`);
  }
  return { node, root };
}

/**
 * The keys of a dataset's fields at `until`: those of the version in force then (a version read
 * once is kept), or the field nodes created by then when it has no version.
 */
async function fieldKeysOf(
  db: SqlExecutor,
  { activity, summaries, rows }: TraversalResources,
  node: string,
  key: number,
  until: string,
): Promise<number[]> {
  if (parseNodeId(node).kind !== 'dataset') return [];
  const vid = activity.versionAt(key, Date.parse(until));
  const version = vid < 0 ? undefined : (await rows.versions([vid])).get(vid);
  const ids = version ? fieldIdsOf(node, version.fields) : await readFieldIds(db, node, until);
  return (await summaries.keysOf(ids)).filter((field): field is number => field !== undefined);
}

/** The column-level walk from the node and its fields and the job-level walk from the node, placed. */
async function placesUpstream(
  { index, summaries }: TraversalResources,
  query: UpstreamActivityQuery,
  starts: number[],
  fields: number[],
): Promise<UpstreamPlaces> {
  const walk = (level: TraversalLevel, from: number[]) =>
    index.walk({
      ...walkQueryOf(
        { start: [], level, depth: walkDepthFor(level, query.steps), asOf: query.until, maxNodes: query.maxNodes },
        from,
      ),
      forward: false,
    });
  const walks = [walk('column', [...starts, ...fields]), walk('dataset', starts)];
  const found = await Promise.all(walks.map((w) => summaries.resolveList(w.keys)));
  const place = (related: (key: number) => KeyedSummary | undefined) => {
    const places = new UpstreamPlaces(index, query.steps, (id) => summaries.cachedKeyOf(id));
    for (let w = 0; w < walks.length; w++) places.add({ walk: walks[w] as WalkResult, found: found[w] ?? [] }, related);
    return places;
  };
  // The datasets of the columns reached and the jobs of the DERIVES edges walked are nearly always
  // cached already: placed with what is cached, and again only when some were not.
  const missing: number[] = [];
  const places = place((key) => {
    const summary = summaries.cached(key);
    if (summary === undefined) missing.push(key);
    return summary;
  });
  if (missing.length === 0) return places;
  const loaded = await summaries.resolve(missing);
  return place((key) => summaries.cached(key) ?? loaded.get(key));
}
