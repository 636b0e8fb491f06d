import { findNodeOrSuggest } from '../analysis/find-node.js';
import { withPii } from '../analysis/pii.js';
import { NotFoundError } from '../model/errors.js';
import type { GraphNode } from '../model/graph.js';
import type { Store } from '../store/store.js';
import { capList, clip, describePage, fitPage, type PageInfo } from './budget.js';
import { compactRecord } from './compact.js';
import { readNodeId, readTime } from './inputs.js';

export interface DescribeAssetArgs {
  id: string;
  asOf?: string | undefined;
  cursor?: string | undefined;
}

/** The structured answer and its one-paragraph summary. */
export interface AssetAnswer {
  structured: Record<string, unknown> & { page: PageInfo };
  summary: string;
}

interface FieldEntry {
  id: string;
  name: string;
  type?: string;
  description?: string;
  tags?: string[];
  pii?: string;
}

/**
 * One node as an assistant needs it: what it is, owners, tags, PII state, quality (latest
 * assertion results), versions, neighbours by id and, for a dataset, its columns (paginated
 * within the budget). The same answer serves the `get_asset` tool and the node resource.
 */
export async function describeAsset(
  store: Store,
  args: DescribeAssetArgs,
  page: { tool: string; offset: number; budget: number },
): Promise<AssetAnswer> {
  const { id, ref } = readNodeId(args.id, 'id');
  const asOf = readTime(args.asOf, 'asOf');
  const at = asOf ? { asOf } : {};
  if (ref.kind === 'run') return describeRun(store, ref.runId, page);

  const found = await findNodeOrSuggest(store, id, asOf);
  const fields = found.kind === 'dataset' ? await store.listFields(id, at) : [];
  const [node, ...marked] = await withPii(store, [found, ...fields], asOf);
  if (!node) throw new NotFoundError(`no node '${id}'`);
  const base: Record<string, unknown> = {
    asset: {
      id: node.id,
      kind: node.kind,
      name: node.name,
      namespace: node.namespace,
      subtype: node.subtype,
      description: node.description ? clip(node.description, 600) : null,
      owners: node.owners.map((owner) => owner.name),
      tags: node.tags,
      pii: node.pii,
      piiOrigins: capList(node.piiOrigins, 10).items,
      attributes: compactRecord(node.attributes),
      facets: Object.keys(node.facets),
      createdAt: node.createdAt,
      updatedAt: node.updatedAt,
      deletedAt: node.deletedAt,
    },
    quality: await readQuality(store, node),
    versions: await readVersions(store, node, asOf),
    neighbors: await readNeighbors(store, node.id, asOf),
  };
  if (node.kind === 'job') base.job = await readJob(store, node.id, asOf);
  const entries: FieldEntry[] = marked.map((field) => {
    const entry: FieldEntry = { id: field.id, name: String(field.attributes.field ?? field.id) };
    if (typeof field.attributes.type === 'string') entry.type = field.attributes.type;
    if (field.description) entry.description = clip(field.description, 160);
    if (field.tags.length) entry.tags = field.tags.slice(0, 10);
    if (field.pii) entry.pii = field.pii;
    return entry;
  });
  const structured = fitPage({ ...page, args: { ...args }, base, listKey: 'fields', items: entries }).answer;
  const parts = [`${node.id} is a ${node.subtype ? `${node.subtype} ` : ''}${node.kind}`];
  if (node.owners.length) parts.push(`owned by ${listSome(node.owners.map((owner) => owner.name))}`);
  if (node.tags.length) parts.push(`tagged ${listSome(node.tags)}`);
  if (node.pii) parts.push(`PII ${node.pii}${node.pii === 'derived' ? ` from ${listSome(node.piiOrigins)}` : ''}`);
  if (node.deletedAt) parts.push(`dropped at ${node.deletedAt}`);
  const columns = entries.length ? ` It has ${entries.length} column(s).` : '';
  const summary =
    `${parts.join(', ')}.${columns} Use get_lineage or impact_analysis with this id for what it reads and feeds. ` +
    describePage(structured.page, 'columns');
  return { structured, summary: summary.trim() };
}

/** The first few of a list, and how many more. */
function listSome(items: readonly string[], max = 4): string {
  const { items: shown, more } = capList(items, max);
  return `${shown.join(', ')}${more ? ` and ${more} more` : ''}`;
}

async function describeRun(
  store: Store,
  runId: string,
  page: { tool: string; offset: number; budget: number },
): Promise<AssetAnswer> {
  const run = await store.getRun(runId);
  if (!run) throw new NotFoundError(`run '${runId}' not found`);
  const base = {
    asset: {
      id: `run:${run.runId}`,
      kind: 'run',
      job: run.jobId,
      state: run.state,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      errorMessage: run.errorMessage ? clip(run.errorMessage, 600) : null,
      jobVersion: run.jobVersion,
      inputVersions: capList(run.inputVersions, 20).items,
      outputVersions: capList(run.outputVersions, 20).items,
    },
  };
  const structured = fitPage({ ...page, args: { id: `run:${runId}` }, base, listKey: 'fields', items: [] }).answer;
  const error = run.errorMessage ? ` with error: ${clip(run.errorMessage, 300)}` : '';
  const summary = `Run ${run.runId} of ${run.jobId} is ${run.state}${error}. It read ${run.inputVersions.length} and wrote ${run.outputVersions.length} dataset version(s).`;
  return { structured, summary };
}

async function readQuality(store: Store, node: GraphNode) {
  if (node.kind !== 'dataset' && node.kind !== 'datasetField') return null;
  const [latest, failing] = await Promise.all([
    store.listAssertionResults({ nodeId: node.id, limit: 10 }),
    store.listAssertionResults({ nodeId: node.id, status: 'fail', limit: 1 }),
  ]);
  return {
    total: latest.total,
    failing: failing.total,
    latest: latest.items.map((result) => ({
      node: result.nodeId,
      assertion: clip(result.assertion, 200),
      status: result.status,
      at: result.at,
    })),
  };
}

async function readVersions(store: Store, node: GraphNode, asOf: string | undefined) {
  if (node.kind === 'dataset') {
    const page = await store.listDatasetVersions(node.id, { limit: 50 });
    const valid = page.items.filter((version) => asOf === undefined || version.createdAt <= asOf);
    return {
      total: asOf === undefined ? page.total : valid.length,
      latest: valid.slice(0, 5).map((version) => ({
        version: version.version,
        createdAt: version.createdAt,
        runId: version.runId,
        fields: version.fields.length,
      })),
    };
  }
  if (node.kind === 'job') {
    const page = await store.listJobVersions(node.id, { limit: 50 });
    const valid = page.items.filter((version) => asOf === undefined || version.createdAt <= asOf);
    return {
      total: asOf === undefined ? page.total : valid.length,
      latest: valid.slice(0, 5).map((version) => ({ version: version.version, createdAt: version.createdAt })),
    };
  }
  return null;
}

async function readJob(store: Store, id: string, asOf: string | undefined) {
  const [version, runs] = await Promise.all([store.getJobVersionAt(id, asOf), store.listRuns({ jobId: id, limit: 1 })]);
  const run = runs.items[0];
  return {
    sql: version?.sql ? clip(version.sql, 1_500) : null,
    inputs: capList(version?.inputs ?? [], 20).items,
    outputs: capList(version?.outputs ?? [], 20).items,
    diagnostics: (version?.diagnostics ?? [])
      .slice(0, 5)
      .map((d) => `${d.severity} ${d.code}: ${clip(d.message, 200)}`),
    latestRun: run
      ? { runId: run.runId, state: run.state, endedAt: run.endedAt, errorMessage: run.errorMessage }
      : null,
  };
}

/** Ids one hop up and down (DERIVES edges of a dataset sit on its columns: use get_lineage for those). */
async function readNeighbors(store: Store, id: string, asOf: string | undefined) {
  const edges = await store.listEdges({ nodeId: id, direction: 'both', ...(asOf ? { asOf } : {}) });
  const upstream = [...new Set(edges.filter((edge) => edge.target === id).map((edge) => edge.source))];
  const downstream = [...new Set(edges.filter((edge) => edge.source === id).map((edge) => edge.target))];
  const up = capList(upstream, 20);
  const down = capList(downstream, 20);
  return { upstream: up.items, upstreamMore: up.more, downstream: down.items, downstreamMore: down.more };
}
