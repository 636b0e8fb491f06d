import { STALE_AFTER_INTERVALS, USUAL_INTERVAL_VERSIONS, usualInterval } from '../model/time.js';
import { byId } from './iso-order.js';
import { chunk, placeholders, type SqlExecutor, type SqlValue } from './sql-driver.js';
import type { Found, HealthFacts, HealthQuery } from './store.js';

/** Datasets the ML layer makes (feature views, training sets, exposures) are read without a writer by design. */
const NOT_WRITTEN_BY_JOBS = ['featureView', 'trainingSet', 'exposure', 'source'];

/**
 * The facts the lineage health report is made of, each check one set-based query over the whole
 * graph (a per-node loop took minutes on 100,000 datasets). Nodes count as of `asOf` (created by
 * then; datasets not yet deleted), edges as valid then (open ones without `asOf`); `namespaces`
 * narrows every check to nodes in them.
 */
export async function readHealthFacts(db: SqlExecutor, query: HealthQuery): Promise<HealthFacts> {
  const scope = new Scope(query);
  const [checked, undeclared, outputs, sql, datasetOwners, modelOwners, stale, failing, views] = await Promise.all([
    countChecked(db, scope),
    undeclaredSources(db, scope),
    outputsWithoutInputs(db, scope),
    sqlWithoutColumnLineage(db, scope),
    withoutOwners(db, scope, 'dataset'),
    withoutOwners(db, scope, 'model'),
    staleDatasets(db, scope),
    failingAssertions(db, scope),
    orphanedFeatureViews(db, scope),
  ]);
  return {
    checked,
    undeclaredSources: undeclared,
    outputsWithoutInputs: outputs,
    sqlWithoutColumnLineage: sql,
    datasetsWithoutOwners: datasetOwners,
    modelsWithoutOwners: modelOwners,
    staleDatasets: stale,
    failingAssertions: failing,
    orphanedFeatureViews: views,
  };
}

/** The time and namespace conditions shared by every check. */
class Scope {
  readonly now: string;
  readonly limit: number;

  constructor(private readonly query: HealthQuery) {
    this.now = query.asOf ?? new Date().toISOString();
    this.limit = query.limit;
  }

  /** `alias` is a node that exists at the time asked about (and, for `live`, is not deleted then). */
  node(alias: string, live: boolean): { sql: string; params: SqlValue[] } {
    const parts = [`${alias}.created_at <= ?`];
    const params: SqlValue[] = [this.now];
    if (live) {
      parts.push(`(${alias}.deleted_at IS NULL OR ${alias}.deleted_at > ?)`);
      params.push(this.now);
    }
    const namespaces = this.query.namespaces;
    if (namespaces !== undefined) {
      parts.push(namespaces.length ? `${alias}.namespace IN (${placeholders(namespaces.length)})` : '1 = 0');
      params.push(...namespaces);
    }
    return { sql: parts.join(' AND '), params };
  }

  /** `alias` is an edge valid at the time asked about. */
  edge(alias: string): { sql: string; params: SqlValue[] } {
    if (this.query.asOf === undefined) return { sql: `${alias}.valid_to IS NULL`, params: [] };
    return {
      sql: `${alias}.valid_from <= ? AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ?)`,
      params: [this.query.asOf, this.query.asOf],
    };
  }

  /** The first `limit` of items sorted by id, with their count. */
  found<T extends { id: string }>(items: T[]): Found<T> {
    items.sort(byId);
    return { count: items.length, items: items.slice(0, this.limit) };
  }
}

async function countChecked(db: SqlExecutor, scope: Scope): Promise<HealthFacts['checked']> {
  const node = scope.node('n', false);
  const rows = await db.all<{ kind: string; n: number }>(
    `SELECT n.kind, COUNT(*) AS n FROM nodes n
      WHERE n.kind IN ('dataset', 'job', 'model') AND ${node.sql} GROUP BY n.kind`,
    node.params,
  );
  const count = (kind: string) => Number(rows.find((row) => row.kind === kind)?.n ?? 0);
  return { datasets: count('dataset'), jobs: count('job'), models: count('model') };
}

async function undeclaredSources(db: SqlExecutor, scope: Scope): Promise<Found<{ id: string }>> {
  const node = scope.node('n', true);
  const read = scope.edge('r');
  const written = scope.edge('w');
  const rows = await db.all<{ id: string; attributes: string }>(
    `SELECT n.id, n.attributes FROM nodes n
      WHERE n.kind = 'dataset' AND ${node.sql}
        AND (n.subtype IS NULL OR n.subtype NOT IN (${placeholders(NOT_WRITTEN_BY_JOBS.length)}))
        AND EXISTS (SELECT 1 FROM edges r WHERE r.src = n.nid AND r.kind = 'INPUT' AND ${read.sql})
        AND NOT EXISTS (SELECT 1 FROM edges w WHERE w.dst = n.nid AND w.kind = 'OUTPUT' AND ${written.sql})`,
    [...node.params, ...NOT_WRITTEN_BY_JOBS, ...read.params, ...written.params],
  );
  // Ingesters declare sources in attributes (dbt sources, ML manifests); only these few rows are parsed.
  const undeclared = rows.filter(
    (row) => (JSON.parse(row.attributes) as Record<string, unknown>).declaredSource !== true,
  );
  return scope.found(undeclared.map((row) => ({ id: row.id })));
}

async function outputsWithoutInputs(db: SqlExecutor, scope: Scope): Promise<Found<{ id: string; jobId: string }>> {
  const job = scope.node('j', false);
  const dataset = scope.node('d', false);
  const output = scope.edge('o');
  const input = scope.edge('i');
  const rows = await db.all<{ id: string; job_id: string }>(
    `SELECT d.id, j.id AS job_id FROM nodes j
       JOIN edges o ON o.src = j.nid AND o.kind = 'OUTPUT' AND ${output.sql}
       JOIN nodes d ON d.nid = o.dst AND ${dataset.sql}
      WHERE j.kind = 'job' AND ${job.sql}
        AND NOT EXISTS (SELECT 1 FROM edges i WHERE i.dst = j.nid AND i.kind = 'INPUT' AND ${input.sql})`,
    [...output.params, ...dataset.params, ...job.params, ...input.params],
  );
  return scope.found(rows.map((row) => ({ id: row.id, jobId: row.job_id })));
}

async function sqlWithoutColumnLineage(
  db: SqlExecutor,
  scope: Scope,
): Promise<Found<{ id: string; errors: string[] }>> {
  const job = scope.node('j', false);
  const rows = await db.all<{ id: string; diagnostics: string }>(
    `SELECT v.job_id AS id, v.diagnostics FROM (
       SELECT job_id, sql_text, diagnostics,
              ROW_NUMBER() OVER (PARTITION BY job_id ORDER BY created_at DESC, vid DESC) AS rn
         FROM job_versions WHERE created_at <= ?
     ) v JOIN nodes j ON j.id = v.job_id AND ${job.sql}
     WHERE v.rn = 1 AND v.sql_text IS NOT NULL AND v.diagnostics LIKE '%error%'`,
    [scope.now, ...job.params],
  );
  const found: { id: string; errors: string[] }[] = [];
  for (const row of rows) {
    const diagnostics = JSON.parse(row.diagnostics) as { severity?: string; message?: string }[];
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => String(d.message ?? ''));
    if (errors.length > 0) found.push({ id: row.id, errors });
  }
  return scope.found(found);
}

async function withoutOwners(db: SqlExecutor, scope: Scope, kind: 'dataset' | 'model'): Promise<Found<{ id: string }>> {
  const node = scope.node('n', kind === 'dataset');
  const where = `n.kind = ? AND n.owners = '[]' AND ${node.sql}`;
  const [count, rows] = await Promise.all([
    db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM nodes n WHERE ${where}`, [kind, ...node.params]),
    db.all<{ id: string }>(`SELECT n.id FROM nodes n WHERE ${where} ORDER BY n.id LIMIT ?`, [
      kind,
      ...node.params,
      scope.limit,
    ]),
  ]);
  return { count: Number(count?.n ?? 0), items: rows.map((row) => ({ id: row.id })) };
}

/** A dataset is stale when its newest version is older than three times its median interval. */
async function staleDatasets(db: SqlExecutor, scope: Scope): Promise<Found<{ id: string; lastVersionAt: string }>> {
  const node = scope.node('n', true);
  const rows = await db.all<{ dataset_id: string; created_at: string }>(
    `SELECT v.dataset_id, v.created_at FROM (
       SELECT dataset_id, created_at,
              ROW_NUMBER() OVER (PARTITION BY dataset_id ORDER BY created_at DESC, vid DESC) AS rn
         FROM dataset_versions WHERE created_at <= ?
     ) v JOIN nodes n ON n.id = v.dataset_id AND n.kind = 'dataset' AND ${node.sql}
     WHERE v.rn <= ? ORDER BY v.dataset_id, v.rn`,
    [scope.now, ...node.params, USUAL_INTERVAL_VERSIONS],
  );
  const now = Date.parse(scope.now);
  const stale: { id: string; lastVersionAt: string }[] = [];
  for (let start = 0; start < rows.length; ) {
    const id = rows[start]?.dataset_id;
    let end = start;
    while (end < rows.length && rows[end]?.dataset_id === id) end++;
    const times = rows.slice(start, end).map((row) => row.created_at);
    const interval = usualInterval(times);
    const latest = times[0];
    if (
      id !== undefined &&
      latest !== undefined &&
      interval !== null &&
      now - Date.parse(latest) > STALE_AFTER_INTERVALS * interval
    )
      stale.push({ id, lastVersionAt: latest });
    start = end;
  }
  return scope.found(stale);
}

/** Datasets whose latest result of some assertion (on the dataset or one of its columns) failed. */
async function failingAssertions(
  db: SqlExecutor,
  scope: Scope,
): Promise<Found<{ id: string; failing: { assertion: string; nodeId: string }[] }>> {
  const node = scope.node('n', true);
  const rows = await db.all<{ id: string; node_id: string; assertion: string }>(
    `SELECT r.dataset_id AS id, r.node_id, r.assertion FROM (
       SELECT dataset_id, node_id, assertion, status,
              ROW_NUMBER() OVER (PARTITION BY node_id, assertion ORDER BY at DESC, aid DESC) AS rn
         FROM assertion_results WHERE at <= ? AND dataset_id IS NOT NULL
     ) r JOIN nodes n ON n.id = r.dataset_id AND n.kind = 'dataset' AND ${node.sql}
     WHERE r.rn = 1 AND r.status IN ('fail', 'error')
     ORDER BY r.dataset_id, r.node_id, r.assertion`,
    [scope.now, ...node.params],
  );
  const byDataset = new Map<string, { assertion: string; nodeId: string }[]>();
  for (const row of rows) {
    const list = byDataset.get(row.id) ?? [];
    list.push({ assertion: row.assertion, nodeId: row.node_id });
    byDataset.set(row.id, list);
  }
  return scope.found([...byDataset].map(([id, failing]) => ({ id, failing })));
}

/** Feature views whose `source` attribute names a dataset that does not exist, or was dropped by then. */
async function orphanedFeatureViews(
  db: SqlExecutor,
  scope: Scope,
): Promise<Found<{ id: string; source: string; droppedAt: string | null }>> {
  const node = scope.node('n', true);
  const views = await db.all<{ id: string; attributes: string }>(
    `SELECT n.id, n.attributes FROM nodes n WHERE n.kind = 'dataset' AND n.subtype = 'featureView' AND ${node.sql}`,
    node.params,
  );
  const sources = new Map<string, string>();
  for (const view of views) {
    const source = (JSON.parse(view.attributes) as Record<string, unknown>).source;
    if (typeof source === 'string') sources.set(view.id, source);
  }
  const wanted = [...new Set(sources.values())];
  const existing = new Map<string, string | null>();
  for (const part of chunk(wanted)) {
    const rows = await db.all<{ id: string; deleted_at: string | null }>(
      `SELECT id, deleted_at FROM nodes WHERE id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) existing.set(row.id, row.deleted_at);
  }
  const orphaned: { id: string; source: string; droppedAt: string | null }[] = [];
  for (const [id, source] of sources) {
    const deletedAt = existing.get(source);
    if (deletedAt === undefined) orphaned.push({ id, source, droppedAt: null });
    else if (deletedAt !== null && deletedAt <= scope.now) orphaned.push({ id, source, droppedAt: deletedAt });
  }
  return scope.found(orphaned);
}
