import type { EdgeInput, Transformation } from '../../src/model/graph.js';
import { emptyMutation, type NodeUpsert } from '../../src/model/mutation.js';
import { parseNodeId } from '../../src/model/node-id.js';
import type { Store } from '../../src/store/store.js';

/** `datasetField:` id in the test warehouse `snowflake://acme`. */
export const col = (table: string, field: string): string => `datasetField:snowflake://acme:${table}:${field}`;

export const DIRECT: Transformation[] = [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }];
export const AGGREGATION: Transformation[] = [{ type: 'DIRECT', subtype: 'AGGREGATION' }];
export const JOIN: Transformation[] = [{ type: 'INDIRECT', subtype: 'JOIN' }];
export const CONDITIONAL: Transformation[] = [{ type: 'INDIRECT', subtype: 'CONDITIONAL' }];

/**
 * Writes the column lineage a SQL job would produce (what the OpenLineage ingester records from a
 * columnLineage facet): one `replace` edge set for the job and its output table, at `at`.
 */
export async function writeColumnLineage(
  store: Store,
  job: string,
  output: string,
  at: string,
  edges: [source: string, target: string, transformations: Transformation[]][],
): Promise<void> {
  const mutation = emptyMutation();
  const nodes = new Map<string, NodeUpsert>();
  for (const [source, target] of edges) {
    for (const id of [source, target]) {
      const ref = parseNodeId(id);
      if (ref.kind !== 'datasetField') continue;
      const dataset = `dataset:${ref.namespace}:${ref.name}`;
      nodes.set(dataset, { id: dataset, kind: 'dataset', namespace: ref.namespace, name: ref.name, at });
      nodes.set(id, {
        id,
        kind: 'datasetField',
        namespace: ref.namespace,
        name: ref.name,
        at,
        attributes: { field: ref.field },
      });
    }
  }
  const jobId = `job:snowflake://acme:${job}`;
  nodes.set(jobId, { id: jobId, kind: 'job', namespace: 'snowflake://acme', name: job, at });
  mutation.nodes.push(...nodes.values());
  const derives: EdgeInput[] = edges.map(([source, target, transformations]) => ({
    kind: 'DERIVES',
    source,
    target,
    origin: 'sql',
    via: jobId,
    transformations,
    attributes: {},
  }));
  const inputs = [
    ...new Set(edges.map(([source]) => `dataset:${source.slice('datasetField:'.length, source.lastIndexOf(':'))}`)),
  ];
  const io: EdgeInput[] = [
    ...inputs.map((source) => ({
      kind: 'INPUT' as const,
      source,
      target: jobId,
      origin: 'sql' as const,
      via: null,
      transformations: [],
      attributes: {},
    })),
    { kind: 'OUTPUT', source: jobId, target: output, origin: 'sql', via: null, transformations: [], attributes: {} },
  ];
  mutation.edgeSets.push({ scope: `${jobId}|${output}`, at, mode: 'replace', runId: null, edges: derives });
  mutation.edgeSets.push({ scope: jobId, at, mode: 'replace', runId: null, edges: io });
  mutation.jobVersions.push({
    jobId,
    createdAt: at,
    inputs,
    outputs: [output],
    sql: `-- ${job}\nSELECT ...`,
    facets: {},
    diagnostics: [],
  });
  await store.ingest(
    { source: 'openlineage', actor: 'test', payload: { job, output, at, edges }, eventTime: at },
    mutation,
  );
}

/**
 * The churn warehouse before the model: customer features built from CRM and payments, labels
 * from cancellations. `days_since_cancel` is the planted leak: it reads the cancellations too.
 */
export async function writeChurnWarehouse(store: Store, at = '2026-09-01T00:00:00.000Z'): Promise<void> {
  await writeColumnLineage(
    store,
    'build_customer_features',
    'dataset:snowflake://acme:analytics.customer_features',
    at,
    [
      [col('crm.customers', 'birth_date'), col('analytics.customer_features', 'age'), DIRECT],
      [col('crm.customers', 'signup_date'), col('analytics.customer_features', 'tenure'), DIRECT],
      [col('payments.invoices', 'amount'), col('analytics.customer_features', 'late_payments'), AGGREGATION],
      [col('crm.customers', 'customer_id'), col('analytics.customer_features', 'late_payments'), JOIN],
      [col('crm.cancellations', 'cancelled_at'), col('analytics.customer_features', 'days_since_cancel'), CONDITIONAL],
      [col('crm.customers', 'customer_id'), col('analytics.customer_features', 'customer_id'), DIRECT],
    ],
  );
  await writeColumnLineage(store, 'build_labels', 'dataset:snowflake://acme:analytics.labels', at, [
    [col('crm.cancellations', 'cancelled_at'), col('analytics.labels', 'churned'), DIRECT],
    [col('crm.customers', 'customer_id'), col('analytics.labels', 'churned'), JOIN],
  ]);
}
