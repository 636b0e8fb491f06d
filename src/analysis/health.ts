import type { Found, Store } from '../store/store.js';

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

/**
 * Checks the lineage itself: where it has gaps (undeclared sources, outputs without inputs, SQL
 * the analyzer could not read), who is missing as owner, what is stale or failing, and feature
 * views cut off from their source. Each check is one query over the whole graph; counts cover
 * everything, item lists hold the first `limit` by id.
 */
export async function checkLineageHealth(
  store: Store,
  options: { asOf?: string; limit?: number } = {},
): Promise<HealthReport> {
  const facts = await store.readHealthFacts({
    limit: options.limit ?? 100,
    ...(options.asOf ? { asOf: options.asOf } : {}),
  });
  const section = <T extends { id: string }>(
    check: HealthCheck,
    found: Found<T>,
    detail: (item: T) => string,
  ): HealthSection => ({
    check,
    title: TITLES[check],
    count: found.count,
    items: found.items.map((item) => ({ id: item.id, detail: detail(item) })),
  });
  const sections = [
    section('undeclared_sources', facts.undeclaredSources, () => 'read by a job, written by none'),
    section(
      'outputs_without_inputs',
      facts.outputsWithoutInputs,
      (item) => `written by ${item.jobId}, which reads nothing`,
    ),
    section('sql_without_column_lineage', facts.sqlWithoutColumnLineage, (item) => item.errors.join('; ')),
    section('datasets_without_owners', facts.datasetsWithoutOwners, () => 'no owner recorded'),
    section('models_without_owners', facts.modelsWithoutOwners, () => 'no owner recorded'),
    section('stale_datasets', facts.staleDatasets, (item) => `last version ${item.lastVersionAt}`),
    section('failing_assertions', facts.failingAssertions, (item) =>
      item.failing.map((f) => `${f.assertion} on ${f.nodeId}`).join('; '),
    ),
    section('orphaned_feature_views', facts.orphanedFeatureViews, (item) =>
      item.droppedAt
        ? `source ${item.source} was dropped at ${item.droppedAt}`
        : `source ${item.source} does not exist`,
    ),
  ];
  return {
    asOf: options.asOf ?? null,
    checked: facts.checked,
    sections,
    problems: sections.reduce((sum, entry) => sum + entry.count, 0),
  };
}
