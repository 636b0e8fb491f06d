import { DIRECT_AND_CONDITIONAL, findColumnUpstreams } from '../analysis/column-upstream.js';
import { findLeakage } from '../analysis/leakage.js';
import { piiStateOf } from '../analysis/pii.js';
import { findShortestPaths } from '../analysis/shortest-paths.js';
import type { GraphNode } from '../model/graph.js';
import { readTrainingSetFacet } from '../model/ml-records.js';
import { type NodeKind, parseNodeId } from '../model/node-id.js';
import type { Store } from '../store/store.js';
import type { Policy, PolicyRule } from './policy-schema.js';

export interface PolicyViolation {
  rule: string;
  kind: PolicyRule['kind'];
  message: string;
  /** The nodes concerned, the offending one first. */
  nodes: string[];
  /** The lineage path that breaks the rule, upstream first (empty when the rule is about one node). */
  path: string[];
}

export interface PolicyReport {
  checkedAt: string;
  rules: number;
  violations: PolicyViolation[];
  ok: boolean;
}

const MAX_NODES = 10_000;

/** Checks every rule of a policy against the current graph; each violation names its rule, nodes and path. */
export async function checkPolicy(store: Store, policy: Policy): Promise<PolicyReport> {
  const violations: PolicyViolation[] = [];
  for (const rule of policy.rules) violations.push(...(await checkRule(store, rule)));
  return { checkedAt: new Date().toISOString(), rules: policy.rules.length, violations, ok: violations.length === 0 };
}

function checkRule(store: Store, rule: PolicyRule): Promise<PolicyViolation[]> {
  switch (rule.kind) {
    case 'no_derived_pii_in_models':
      return noDerivedPii(store, rule);
    case 'no_leakage':
      return noLeakage(store, rule);
    case 'deployments_trace_to_owned_datasets':
      return ownedUpstream(store, rule);
    case 'no_job_reads':
      return noJobReads(store, rule);
    case 'column_lineage_to_sources':
      return columnLineage(store, rule);
  }
}

async function listKind(store: Store, kind: NodeKind, namespace?: string, subtype?: string): Promise<GraphNode[]> {
  const page = await store.listNodes({
    kind,
    limit: MAX_NODES,
    ...(namespace ? { namespace } : {}),
    ...(subtype ? { subtype } : {}),
  });
  return page.items.filter((node) => node.deletedAt === null);
}

async function noDerivedPii(store: Store, rule: Extract<PolicyRule, { kind: 'no_derived_pii_in_models' }>) {
  const out: PolicyViolation[] = [];
  for (const version of await listKind(store, 'modelVersion', rule.namespace)) {
    const pii = await piiStateOf(store, version);
    if (pii.pii !== 'derived') continue;
    const walk = await store.traverse({ start: [version.id], direction: 'upstream', level: 'column', depth: 50 });
    const path = [...(findShortestPaths([version.id], walk.edges, 'upstream').pathTo(pii.origins[0] ?? '') ?? [])];
    out.push({
      rule: rule.name,
      kind: rule.kind,
      message: `${version.id} is trained on derived PII from ${pii.origins.join(', ')}`,
      nodes: [version.id, ...pii.origins],
      path: path.reverse(),
    });
  }
  return out;
}

async function noLeakage(store: Store, rule: Extract<PolicyRule, { kind: 'no_leakage' }>) {
  const out: PolicyViolation[] = [];
  for (const trainingSet of await listKind(store, 'dataset', rule.namespace, 'trainingSet')) {
    const latest = (await store.listDatasetVersions(trainingSet.id, { limit: 1 })).items[0];
    if (!latest || !readTrainingSetFacet(latest.facets)) continue;
    const report = await findLeakage(store, trainingSet.id, latest.version);
    for (const finding of report.findings) {
      out.push({
        rule: rule.name,
        kind: rule.kind,
        message: `${finding.feature} shares ${finding.shared.join(', ')} with the label ${finding.label}`,
        nodes: [finding.feature, finding.label, ...finding.shared],
        path: [...finding.featurePath, ...[...finding.labelPath].reverse().slice(1)],
      });
    }
  }
  return out;
}

async function ownedUpstream(store: Store, rule: Extract<PolicyRule, { kind: 'deployments_trace_to_owned_datasets' }>) {
  const out: PolicyViolation[] = [];
  const deployments = (await listKind(store, 'deployment', rule.namespace)).filter(
    (deployment) => !rule.tag || deployment.tags.includes(rule.tag),
  );
  for (const deployment of deployments) {
    // Both levels: feature pipelines often reach a training set only through column lineage.
    const places = new Map<string, string[]>();
    for (const level of ['dataset', 'column'] as const) {
      const walk = await store.traverse({ start: [deployment.id], direction: 'upstream', level, depth: 50 });
      const paths = findShortestPaths([deployment.id], walk.edges, 'upstream');
      for (const { node } of walk.nodes) {
        const ref = parseNodeId(node.id);
        if (ref.kind !== 'dataset' && ref.kind !== 'datasetField') continue;
        const dataset = `dataset:${ref.namespace}:${ref.name}`;
        const path = [...(paths.pathTo(node.id) ?? [deployment.id, node.id])].reverse();
        if (ref.kind === 'datasetField') path.unshift(dataset);
        const known = places.get(dataset);
        if (!known || known.length > path.length) places.set(dataset, path);
      }
    }
    for (const dataset of await store.getNodes([...places.keys()])) {
      if (dataset.owners.length > 0) continue;
      out.push({
        rule: rule.name,
        kind: rule.kind,
        message: `${deployment.id} traces to ${dataset.id}, which has no owner`,
        nodes: [dataset.id, deployment.id],
        path: places.get(dataset.id) ?? [dataset.id, deployment.id],
      });
    }
  }
  return out;
}

async function noJobReads(store: Store, rule: Extract<PolicyRule, { kind: 'no_job_reads' }>) {
  const edges = await store.listEdges({ nodeId: rule.dataset, direction: 'out', kinds: ['INPUT'] });
  return edges.map(
    (edge): PolicyViolation => ({
      rule: rule.name,
      kind: rule.kind,
      message: `${edge.target} reads ${rule.dataset}`,
      nodes: [edge.target, rule.dataset],
      path: [rule.dataset, edge.target],
    }),
  );
}

async function columnLineage(store: Store, rule: Extract<PolicyRule, { kind: 'column_lineage_to_sources' }>) {
  const fields = await store.listFields(rule.featureView);
  if (fields.length === 0) {
    return [
      {
        rule: rule.name,
        kind: rule.kind,
        message: `${rule.featureView} has no fields recorded (or does not exist)`,
        nodes: [rule.featureView],
        path: [],
      },
    ];
  }
  const upstreams = await findColumnUpstreams(
    store,
    fields.map((field) => field.id),
    { asOf: new Date().toISOString(), transformations: DIRECT_AND_CONDITIONAL },
  );
  return upstreams
    .filter((upstream) => upstream.reached.size <= 1)
    .map(
      (upstream): PolicyViolation => ({
        rule: rule.name,
        kind: rule.kind,
        message: `${upstream.start} has no column-level lineage to a source`,
        nodes: [upstream.start, rule.featureView],
        path: [upstream.start],
      }),
    );
}
