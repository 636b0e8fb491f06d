import type { Prediction } from '../store/prediction-log.js';
import type { Store } from '../store/store.js';
import { DIRECT_ONLY, findColumnUpstreams } from './column-upstream.js';
import { readModelInputs } from './model-inputs.js';

export interface TracedFeature {
  /** The training-set field the model was trained on. */
  id: string;
  name: string;
  value: unknown;
  /** Raw source columns (nothing further upstream), sorted. */
  sources: string[];
  /** One shortest path per source, in the order of `sources`: feature first, source last. */
  paths: string[][];
}

export interface PredictionTrace {
  prediction: string;
  time: string;
  deployment: string;
  modelVersion: string;
  trainingSet: { id: string; version: string } | null;
  features: TracedFeature[];
  sources: string[];
}

/**
 * Answers "what raw data fed this prediction?": the model version that served it, the training-set
 * version that model was trained on, and for each feature the raw source columns reached through
 * DIRECT column edges as of the prediction's time, so a pipeline changed since then does not
 * change the answer.
 */
export async function tracePrediction(store: Store, prediction: Prediction): Promise<PredictionTrace> {
  const inputs = await readModelInputs(store, prediction.modelVersion, prediction.time);
  const walks = await findColumnUpstreams(
    store,
    inputs.features.map((f) => f.id),
    { asOf: prediction.time, transformations: DIRECT_ONLY },
  );
  const all = new Set<string>();
  const features = inputs.features.map((feature, index): TracedFeature => {
    const upstream = walks[index];
    const sources = upstream ? upstream.sources.filter((id) => id !== feature.id) : [];
    for (const source of sources) all.add(source);
    return {
      id: feature.id,
      name: feature.name,
      value: Object.hasOwn(prediction.features, feature.name) ? prediction.features[feature.name] : null,
      sources,
      paths: sources.map((source) => upstream?.pathTo(source) ?? [feature.id, source]),
    };
  });
  return {
    prediction: prediction.id,
    time: prediction.time,
    deployment: prediction.deployment,
    modelVersion: prediction.modelVersion,
    trainingSet: inputs.trainingSet,
    features,
    sources: [...all].sort(),
  };
}

/** Renders a trace as a readable tree for the terminal. */
export function formatTrace(trace: PredictionTrace): string {
  const lines = [
    `prediction ${trace.prediction} at ${trace.time}`,
    `└─ deployment ${trace.deployment}`,
    `   └─ model version ${trace.modelVersion}`,
    `      └─ training set ${trace.trainingSet ? `${trace.trainingSet.id} version ${trace.trainingSet.version}` : '(unknown)'}`,
  ];
  trace.features.forEach((feature, index) => {
    const last = index === trace.features.length - 1;
    lines.push(`         ${last ? '└─' : '├─'} ${feature.name} = ${JSON.stringify(feature.value)}  (${feature.id})`);
    const indent = `         ${last ? '   ' : '│  '}`;
    if (feature.paths.length === 0) lines.push(`${indent}└─ (no upstream recorded)`);
    feature.paths.forEach((path, pathIndex) => {
      const mark = pathIndex === feature.paths.length - 1 ? '└─' : '├─';
      lines.push(`${indent}${mark} ${path.slice(1).join(' ← ')}`);
    });
  });
  lines.push('', `raw sources (${trace.sources.length}):`, ...trace.sources.map((s) => `  ${s}`));
  return lines.join('\n');
}
