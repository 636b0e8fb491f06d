import { randomUUID } from 'node:crypto';
import { readModelInputs } from '../../analysis/model-inputs.js';
import { hasPiiTag, listDerivedPii, type PiiReport } from '../../analysis/pii.js';
import type { AssertionResult, GraphNode } from '../../model/graph.js';
import { emptyMutation } from '../../model/mutation.js';
import { parseNodeId } from '../../model/node-id.js';
import type { Prediction } from '../../store/prediction-log.js';
import type { Store, StoredEvent } from '../../store/store.js';
import type { Access } from './access.js';

/** What a masked value is replaced with. */
export const MASKED_VALUE = '***';

/** Assertion detail keys that describe the check rather than carry sampled data values. */
const DESCRIPTIVE_DETAILS = new Set(['assertion', 'column', 'description', 'contentType']);

/** Sources whose raw payloads can carry data values (assertion samples, feature snapshots). */
const VALUE_SOURCES = new Set(['openlineage', 'dbt', 'apply', 'mlflow', 'feast', 'import']);

/** The values that leave the server holding personal data: a closed set, each masked one way. */
export type PiiBearing =
  | { kind: 'predictions'; items: Prediction[] }
  | { kind: 'assertions'; items: AssertionResult[] }
  | { kind: 'events'; items: StoredEvent[] };

/**
 * Masks the PII values in `bearing` unless `access` has `pii:read`, and logs an `audit` record
 * when an authenticated token does read PII values. PII state (tagged or derived, see
 * `analysis/pii.ts`) is computed on `store`, which must be the unscoped store: a namespace scope
 * must never hide the tagged column a value derives from. Feature names the model's lineage does
 * not account for are masked too (fail closed).
 */
export async function maskPiiValues<B extends PiiBearing>(store: Store, access: Access, bearing: B): Promise<B> {
  // Full access with no one to name (the open loopback server): nothing to mask or log.
  if (bearing.items.length === 0 || (access.piiRead && access.actor === null)) return bearing;
  if (bearing.kind === 'events') {
    if (access.piiRead) return bearing;
    const items = bearing.items.map((event) =>
      VALUE_SOURCES.has(event.source) && event.payload !== null
        ? { ...event, payload: { masked: 'raw payloads need the pii:read scope' } }
        : event,
    );
    return { ...bearing, items };
  }
  if (bearing.kind === 'assertions') {
    const nodes = await store.getNodes([...new Set(bearing.items.map((item) => item.nodeId))]);
    const pii = await piiIdsOf(store, access, nodes);
    const touched = bearing.items.filter((item) => pii.has(item.nodeId));
    if (touched.length === 0) return bearing;
    if (access.piiRead) {
      await logPiiRead(store, access, 'assertions', [...new Set(touched.map((item) => item.nodeId))]);
      return bearing;
    }
    const items = bearing.items.map((item) => (pii.has(item.nodeId) ? maskAssertion(item) : item));
    return { ...bearing, items };
  }
  const byModel = new Map<string, Set<string>>();
  for (const prediction of bearing.items) {
    if (!byModel.has(prediction.modelVersion)) {
      byModel.set(prediction.modelVersion, await safeFeatureNames(store, access, prediction.modelVersion));
    }
  }
  const revealed: string[] = [];
  const items = bearing.items.map((prediction) => {
    const safe = byModel.get(prediction.modelVersion) ?? new Set<string>();
    const names = Object.keys(prediction.features).filter((name) => !safe.has(name));
    if (names.length === 0) return prediction;
    revealed.push(prediction.id);
    if (access.piiRead) return prediction;
    const features = { ...prediction.features };
    for (const name of names) features[name] = MASKED_VALUE;
    return { ...prediction, features };
  });
  if (access.piiRead && revealed.length > 0) await logPiiRead(store, access, 'predictions', revealed);
  return { ...bearing, items } as B;
}

/** Feature names of a model version whose training-set columns carry no PII. */
async function safeFeatureNames(store: Store, access: Access, modelVersion: string): Promise<Set<string>> {
  const inputs = await readModelInputs(store, modelVersion);
  const pii = await piiIdsOf(store, access, await store.getNodes(inputs.features.map((feature) => feature.id)));
  return new Set(inputs.features.filter((feature) => !pii.has(feature.id)).map((feature) => feature.name));
}

// One PII propagation pass per request (an Access object lives as long as its request).
const reports = new WeakMap<Access, Promise<PiiReport>>();

/** The ids among `nodes` that are PII: tagged, derived, or a dataset with such a column. */
async function piiIdsOf(store: Store, access: Access, nodes: readonly GraphNode[]): Promise<Set<string>> {
  let report = reports.get(access);
  if (!report) {
    report = listDerivedPii(store);
    reports.set(access, report);
  }
  const { tagged, derived } = await report;
  const pii = new Set([...tagged, ...derived.map((entry) => entry.id)]);
  const datasets = new Set<string>();
  for (const id of pii) {
    const ref = parseNodeId(id);
    if (ref.kind === 'datasetField') datasets.add(`dataset:${ref.namespace}:${ref.name}`);
  }
  return new Set(
    nodes.filter((node) => hasPiiTag(node.tags) || pii.has(node.id) || datasets.has(node.id)).map((n) => n.id),
  );
}

function maskAssertion(result: AssertionResult): AssertionResult {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.details)) {
    details[key] = DESCRIPTIVE_DETAILS.has(key) ? value : MASKED_VALUE;
  }
  return { ...result, details };
}

/** An `audit` record naming what PII an authenticated token read (the open loopback server has no one to name). */
async function logPiiRead(store: Store, access: Access, what: string, ids: string[]): Promise<void> {
  if (access.actor === null) return;
  const at = new Date().toISOString();
  await store.ingest(
    {
      source: 'audit',
      actor: access.actor,
      eventTime: at,
      payload: { action: 'pii.read', what, ids: ids.slice(0, 1000), count: ids.length, at, nonce: randomUUID() },
    },
    emptyMutation(),
  );
}
