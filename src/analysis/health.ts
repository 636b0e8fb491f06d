import type { GraphNode } from '../model/graph.js';
import type { NodeKind } from '../model/node-id.js';
import type { Store } from '../store/store.js';
import { usualInterval } from './root-cause.js';

export type HealthCheck =
  | 'undeclared_sources'
  | 'outputs_without_inputs'
  | 'sql_without_column_lineage'
  | 'datasets_without_owners'
  | 'models_without_owners'
  | 'stale_datasets'
  | 'failing_assertions'
  | 'orphaned_feature_views';

export interface HealthItem {
  id: string;
  detail: string;
}

export interface HealthSection {
  check: HealthCheck;
  title: string;
  count: number;
  /** The first `limit` items; `count` counts them all. */
  items: HealthItem[];
}

export interface HealthReport {
  asOf: string | null;
  checked: { datasets: number; jobs: number; models: number };
  sections: HealthSection[];
  /** Total problems over all checks. */
  problems: number;
}

const TITLES: Record<HealthCheck, string> = {
  undeclared_sources: 'Datasets read but never written and not declared as sources',
  outputs_without_inputs: 'Outputs of jobs that read nothing',
  sql_without_column_lineage: 'Jobs with SQL but no column lineage',
  datasets_without_owners: 'Datasets without owners',
  models_without_owners: 'Models without owners',
  stale_datasets: 'Stale datasets (no new version for over 3x their usual interval)',
  failing_assertions: 'Datasets whose latest assertion result failed',
  orphaned_feature_views: 'Feature views whose source no longer exists',
};

/** A dataset is a declared source when an ingester said so (dbt sources, ML manifests). */
function isDeclaredSource(node: GraphNode): boolean {
  return node.subtype === 'source' || node.attributes.declaredSource === true;
}

/**
 * Checks the lineage itself: where it has gaps (undeclared sources, outputs without inputs, SQL
 * the analyzer could not read), who is missing as owner, what is stale or failing, and feature
 * views cut off from their source. Counts cover everything; item lists are capped at `limit`.
 */
export async function checkLineageHealth(
  store: Store,
  options: { asOf?: string; limit?: number } = {},
): Promise<HealthReport> {
  const limit = options.limit ?? 100;
  const asOf = options.asOf;
  const at = asOf ? { asOf } : {};
  const now = asOf ?? new Date().toISOString();
  const found = new Map<HealthCheck, HealthItem[]>(Object.keys(TITLES).map((key) => [key as HealthCheck, []]));
  const add = (check: HealthCheck, id: string, detail: string) => found.get(check)?.push({ id, detail });

  const datasets = await listAll(store, 'dataset', asOf);
  for (const dataset of datasets) {
    if (dataset.deletedAt && dataset.deletedAt <= now) continue;
    const edges = await store.listEdges({ nodeId: dataset.id, direction: 'both', kinds: ['INPUT', 'OUTPUT'], ...at });
    const written = edges.some((edge) => edge.kind === 'OUTPUT' && edge.target === dataset.id);
    const read = edges.some((edge) => edge.kind === 'INPUT' && edge.source === dataset.id);
    const ml = dataset.subtype === 'featureView' || dataset.subtype === 'trainingSet' || dataset.subtype === 'exposure';
    if (read && !written && !isDeclaredSource(dataset) && !ml)
      add('undeclared_sources', dataset.id, 'read by a job, written by none');
    if (dataset.owners.length === 0) add('datasets_without_owners', dataset.id, 'no owner recorded');
    await checkFreshness(store, dataset, now, add);
    await checkAssertions(store, dataset, asOf, add);
    if (dataset.subtype === 'featureView') await checkFeatureViewSource(store, dataset, now, add);
  }

  const jobs = await listAll(store, 'job', asOf);
  for (const job of jobs) {
    const edges = await store.listEdges({ nodeId: job.id, direction: 'both', kinds: ['INPUT', 'OUTPUT'], ...at });
    const outputs = edges.filter((edge) => edge.kind === 'OUTPUT' && edge.source === job.id);
    const inputs = edges.filter((edge) => edge.kind === 'INPUT' && edge.target === job.id);
    if (outputs.length > 0 && inputs.length === 0) {
      for (const output of outputs)
        add('outputs_without_inputs', output.target, `written by ${job.id}, which reads nothing`);
    }
    const version = await store.getJobVersionAt(job.id, asOf);
    if (version?.sql) {
      const errors = version.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) add('sql_without_column_lineage', job.id, errors.map((d) => d.message).join('; '));
    }
  }

  const models = await listAll(store, 'model', asOf);
  for (const model of models)
    if (model.owners.length === 0) add('models_without_owners', model.id, 'no owner recorded');

  const sections = [...found.entries()].map(([check, items]) => ({
    check,
    title: TITLES[check],
    count: items.length,
    items: items.slice(0, limit),
  }));
  return {
    asOf: asOf ?? null,
    checked: { datasets: datasets.length, jobs: jobs.length, models: models.length },
    sections,
    problems: sections.reduce((sum, section) => sum + section.count, 0),
  };
}

type Add = (check: HealthCheck, id: string, detail: string) => void;

async function checkFreshness(store: Store, dataset: GraphNode, now: string, add: Add): Promise<void> {
  const versions = (await store.listDatasetVersions(dataset.id, { limit: 30 })).items.filter((v) => v.createdAt <= now);
  const interval = usualInterval(versions.map((version) => version.createdAt));
  const latest = versions[0];
  if (interval === null || !latest) return;
  if (Date.parse(now) - Date.parse(latest.createdAt) > 3 * interval) {
    add('stale_datasets', dataset.id, `last version ${latest.createdAt}`);
  }
}

async function checkAssertions(store: Store, dataset: GraphNode, asOf: string | undefined, add: Add): Promise<void> {
  const results = (await store.listAssertionResults({ nodeId: dataset.id, limit: 200 })).items.filter(
    (r) => !asOf || r.at <= asOf,
  );
  const latest = new Map<string, (typeof results)[number]>();
  for (const result of results) {
    const key = `${result.nodeId}|${result.assertion}`;
    const seen = latest.get(key);
    if (!seen || seen.at < result.at) latest.set(key, result);
  }
  const failing = [...latest.values()].filter((result) => result.status === 'fail' || result.status === 'error');
  if (failing.length > 0)
    add('failing_assertions', dataset.id, failing.map((r) => `${r.assertion} on ${r.nodeId}`).join('; '));
}

async function checkFeatureViewSource(store: Store, view: GraphNode, now: string, add: Add): Promise<void> {
  const source = typeof view.attributes.source === 'string' ? view.attributes.source : null;
  if (!source) return;
  const node = await store.getNode(source);
  if (!node) add('orphaned_feature_views', view.id, `source ${source} does not exist`);
  else if (node.deletedAt && node.deletedAt <= now)
    add('orphaned_feature_views', view.id, `source ${source} was dropped at ${node.deletedAt}`);
}

async function listAll(store: Store, kind: NodeKind, asOf: string | undefined): Promise<GraphNode[]> {
  const out: GraphNode[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const page = await store.listNodes({ kind, limit: 1_000, offset, ...(asOf ? { asOf } : {}) });
    out.push(...page.items);
    if (page.items.length < 1_000) return out;
  }
}
