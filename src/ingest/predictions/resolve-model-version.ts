import { InputError } from '../../model/errors.js';
import { isEdgeValidAt } from '../../model/graph.js';
import { trainedOnAttributesSchema } from '../../model/ml-records.js';
import { parseNodeId } from '../../model/node-id.js';
import { parseTime } from '../../model/time.js';
import type { Prediction } from '../../store/prediction-log.js';
import type { Store } from '../../store/store.js';

interface Interval {
  modelVersion: string;
  validFrom: string;
  validTo: string | null;
}

export interface RawPrediction {
  id: string;
  deployment: string;
  time: string;
  features: Record<string, unknown>;
  output?: unknown;
  modelVersion?: string | undefined;
}

export type Resolution = { ok: true; prediction: Prediction } | { ok: false; path: string; message: string };

/**
 * Resolves records of one batch to complete predictions, caching what it reads from the store
 * (serving intervals per deployment, feature names per model version) for the batch's lifetime.
 */
export function createModelResolver(store: Store): {
  resolve(record: RawPrediction): Resolution | Promise<Resolution>;
} {
  const deploymentIds = new Set<string>();
  const intervals = new Map<string, Interval[] | null>();
  const features = new Map<string, Set<string> | null>();

  async function servingIntervals(deployment: string): Promise<Interval[] | null> {
    if (!intervals.has(deployment)) {
      const node = await store.getNode(deployment);
      if (node?.kind !== 'deployment') intervals.set(deployment, null);
      else {
        const edges = await store.listEdges({
          nodeId: deployment,
          direction: 'in',
          kinds: ['SERVES'],
          includeClosed: true,
        });
        intervals.set(
          deployment,
          edges.map((e) => ({ modelVersion: e.source, validFrom: e.validFrom, validTo: e.validTo })),
        );
      }
    }
    return intervals.get(deployment) ?? null;
  }

  /** The model version's feature names; null when it is unknown, empty when it records none. */
  async function featureNames(modelVersion: string): Promise<Set<string> | null> {
    if (!features.has(modelVersion)) {
      const node = await store.getNode(modelVersion);
      if (node?.kind !== 'modelVersion') features.set(modelVersion, null);
      else {
        const edges = await store.listEdges({
          nodeId: modelVersion,
          direction: 'in',
          kinds: ['TRAINED_ON'],
          includeClosed: true,
        });
        const names = new Set<string>();
        for (const edge of edges) {
          const attributes = trainedOnAttributesSchema.safeParse(edge.attributes);
          if (attributes.success && attributes.data.role !== 'feature') continue;
          const ref = parseNodeId(edge.source);
          if (ref.kind === 'datasetField') names.add(ref.field);
        }
        features.set(modelVersion, names);
      }
    }
    return features.get(modelVersion) ?? null;
  }

  /** Resolves from the caches alone; `null` when the deployment or model version is not cached yet. */
  function resolveCached(record: RawPrediction): Resolution | null {
    let time: string;
    let deployment: string;
    try {
      time = parseTime(record.time, 'time');
      deployment = record.deployment.startsWith('deployment:') ? record.deployment : `deployment:${record.deployment}`;
      if (!deploymentIds.has(deployment) && parseNodeId(deployment).kind !== 'deployment') {
        throw new InputError(`'${record.deployment}' is not a deployment id`, { path: 'deployment' });
      }
      deploymentIds.add(deployment);
    } catch (error) {
      const path = error instanceof InputError && error.path === 'time' ? 'time' : 'deployment';
      return { ok: false, path, message: (error as Error).message };
    }
    const served = intervals.get(deployment);
    if (served === undefined) return null;
    if (served === null) return { ok: false, path: 'deployment', message: `unknown deployment ${deployment}` };
    let modelVersion = record.modelVersion;
    if (modelVersion === undefined) {
      modelVersion = served.find((i) => isEdgeValidAt(i, time))?.modelVersion;
      if (modelVersion === undefined) {
        const windows = served.map((i) => `${i.modelVersion} from ${i.validFrom} to ${i.validTo ?? 'now'}`).join('; ');
        return {
          ok: false,
          path: 'time',
          message: `deployment ${deployment} served no model version at ${time}${windows ? ` (it served ${windows})` : ''}`,
        };
      }
    }
    const names = features.get(modelVersion);
    if (names === undefined) return null;
    if (names === null) return { ok: false, path: 'modelVersion', message: `unknown model version ${modelVersion}` };
    if (names.size > 0) {
      for (const name in record.features) {
        if (names.has(name)) continue;
        const unknown = Object.keys(record.features).filter((n) => !names.has(n));
        return {
          ok: false,
          path: `features.${unknown[0]}`,
          message: `model version ${modelVersion} has no feature${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
        };
      }
    }
    const prediction = {
      id: record.id,
      deployment,
      modelVersion,
      time,
      features: record.features,
      output: record.output ?? null,
    };
    return { ok: true, prediction };
  }

  /**
   * Resolves one record. Synchronous (no promise, no store read) once the record's deployment and
   * model version are cached, which is every record of a batch after the first few.
   */
  function resolve(record: RawPrediction): Resolution | Promise<Resolution> {
    return resolveCached(record) ?? warmThenResolve(record);
  }

  async function warmThenResolve(record: RawPrediction): Promise<Resolution> {
    const deployment = record.deployment.startsWith('deployment:')
      ? record.deployment
      : `deployment:${record.deployment}`;
    const served = await servingIntervals(deployment);
    const time = Date.parse(record.time);
    const current = served?.find((i) => isEdgeValidAt(i, new Date(time).toISOString()))?.modelVersion;
    const modelVersion = record.modelVersion ?? current;
    if (modelVersion !== undefined) await featureNames(modelVersion);
    return (
      resolveCached(record) ?? { ok: false, path: 'deployment', message: `cannot resolve deployment ${deployment}` }
    );
  }

  return { resolve };
}
