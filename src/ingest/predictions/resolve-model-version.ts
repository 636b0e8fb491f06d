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
export function createModelResolver(store: Store): { resolve(record: RawPrediction): Promise<Resolution> } {
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

  async function resolve(record: RawPrediction): Promise<Resolution> {
    let time: string;
    let deployment: string;
    try {
      time = parseTime(record.time, 'time');
      deployment = record.deployment.startsWith('deployment:') ? record.deployment : `deployment:${record.deployment}`;
      if (parseNodeId(deployment).kind !== 'deployment') throw new Error('not a deployment id');
    } catch (error) {
      const path = error instanceof Error && 'path' in error && error.path === 'time' ? 'time' : 'deployment';
      return { ok: false, path, message: (error as Error).message };
    }
    const served = await servingIntervals(deployment);
    if (!served) return { ok: false, path: 'deployment', message: `unknown deployment ${deployment}` };
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
    const names = await featureNames(modelVersion);
    if (!names) return { ok: false, path: 'modelVersion', message: `unknown model version ${modelVersion}` };
    if (names.size > 0) {
      const unknown = Object.keys(record.features).filter((name) => !names.has(name));
      if (unknown.length > 0) {
        return {
          ok: false,
          path: `features.${unknown[0]}`,
          message: `model version ${modelVersion} has no feature${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
        };
      }
    }
    return {
      ok: true,
      prediction: {
        id: record.id,
        deployment,
        modelVersion,
        time,
        features: record.features,
        output: record.output ?? null,
      },
    };
  }

  return { resolve };
}
