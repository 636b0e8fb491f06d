import type { DatasetVersion } from '../model/graph.js';
import { fieldId, parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';
import { type AffectedNode, analyzeImpact, type ImpactChange } from './impact.js';
import { diffSchemas, type SchemaDiff } from './schema-diff.js';

export interface SchemaChangeFinding {
  dataset: string;
  version: string;
  previousVersion: string;
  at: string;
  runId: string | null;
  change: ImpactChange;
  /** The column as it was before the change. */
  column: string;
  /** For a rename, the new name; for a retype, `from -> to`. */
  detail: string | null;
  impacted: AffectedNode[];
  summary: Record<string, number>;
  owners: string[];
}

export interface SchemaChangeOptions {
  since: string;
  until?: string;
  /** Only datasets in this namespace. */
  namespace?: string;
  /** Only these datasets. */
  datasets?: readonly string[];
  /** Impacted nodes listed per finding (the summary always counts all). Default 20. */
  impactedLimit?: number;
}

export interface SchemaChangeReport {
  changes: SchemaChangeFinding[];
  /** More versions changed a schema in the window than were examined (the newest were). */
  partial: boolean;
}

/** Schema-changing versions examined per request, newest first. */
const MAX_VERSIONS = 1_000;

/**
 * Schema changes with downstream impact: every dataset version created in the window that drops,
 * renames or retypes a column which, just before the change, had downstream consumers. Findings
 * are derived from the recorded versions and edges, so asking again later gives the same answer.
 */
export async function findSchemaChanges(store: Store, options: SchemaChangeOptions): Promise<SchemaChangeReport> {
  const until = options.until ?? new Date().toISOString();
  const changed = await store.listSchemaChanges({
    since: options.since,
    until,
    limit: MAX_VERSIONS,
    ...(options.namespace ? { namespaces: [options.namespace] } : {}),
    ...(options.datasets ? { datasetIds: options.datasets } : {}),
  });
  const changes: SchemaChangeFinding[] = [];
  for (const { current, previous } of changed.items)
    changes.push(...(await findingsFor(store, current, previous, options.impactedLimit ?? 20)));
  changes.sort((a, b) => b.at.localeCompare(a.at) || a.column.localeCompare(b.column));
  return { changes, partial: changed.partial };
}

async function findingsFor(
  store: Store,
  current: DatasetVersion,
  previous: DatasetVersion,
  limit: number,
): Promise<SchemaChangeFinding[]> {
  const diff = diffSchemas(previous.fields, current.fields);
  const before = new Date(Date.parse(current.createdAt) - 1).toISOString();
  const ref = parseNodeId(current.datasetId);
  if (ref.kind !== 'dataset') return [];
  const out: SchemaChangeFinding[] = [];
  for (const { column, change, detail } of changedColumns(diff)) {
    const id = fieldId(ref.namespace, ref.name, column);
    if (!(await store.getNode(id))) continue;
    const consumers = await store.listEdges({ nodeId: id, direction: 'out', asOf: before });
    if (consumers.length === 0) continue;
    const impact = await analyzeImpact(store, { node: id, change, asOf: before });
    if (impact.affected.length === 0) continue;
    out.push({
      dataset: current.datasetId,
      version: current.version,
      previousVersion: previous.version,
      at: current.createdAt,
      runId: current.runId,
      change,
      column: id,
      detail,
      impacted: impact.affected.slice(0, limit),
      summary: impact.summary,
      owners: impact.owners,
    });
  }
  return out;
}

function changedColumns(diff: SchemaDiff): { column: string; change: ImpactChange; detail: string | null }[] {
  return [
    ...diff.dropped.map((field) => ({ column: field.name, change: 'drop' as const, detail: null })),
    ...diff.renamed.map((field) => ({ column: field.from, change: 'rename' as const, detail: field.to })),
    ...diff.retyped.map((field) => ({
      column: field.name,
      change: 'retype' as const,
      detail: `${field.from} -> ${field.to}`,
    })),
  ];
}
