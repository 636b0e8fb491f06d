import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { type TracedFeature, tracePrediction } from '../../analysis/trace.js';
import { NotFoundError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { capList, clip, describePage, pageOutput, startPaging } from '../budget.js';
import { shortenPath } from '../compact.js';
import { cursorInput } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'trace_prediction';

const inputSchema = {
  prediction: z.string().min(1).max(256).describe('The id of a logged prediction.'),
  cursor: cursorInput,
};

const featureOutput = z.object({
  id: z.string(),
  name: z.string(),
  value: z.unknown(),
  sources: z.array(z.string()),
  moreSources: z.number().int().optional(),
  paths: z.array(z.array(z.string())),
});

/** `trace_prediction`: the raw source columns behind one logged prediction, as of its time. */
export function registerTracePredictionTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Trace a prediction',
      description:
        'What raw data fed a logged prediction: the deployment and model version that served it, the training-set ' +
        'version the model was trained on, and for each feature its value and the raw source columns reached through ' +
        "DIRECT column edges as of the prediction's time (a pipeline changed since does not change the answer).",
      inputSchema,
      outputSchema: {
        prediction: z.string(),
        time: z.string(),
        deployment: z.string(),
        modelVersion: z.string(),
        trainingSet: z.object({ id: z.string(), version: z.string() }).nullable(),
        sources: z.array(z.string()),
        moreSources: z.number().int(),
        features: z.array(featureOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const prediction = await store.predictions.get(args.prediction);
        if (!prediction) throw await predictionNotFound(store, args.prediction);
        const trace = await tracePrediction(store, prediction);
        const sources = capList(trace.sources, 40);
        const base = {
          prediction: trace.prediction,
          time: trace.time,
          deployment: trace.deployment,
          modelVersion: trace.modelVersion,
          trainingSet: trace.trainingSet,
          sources: sources.items,
          moreSources: sources.more,
        };
        const { answer, page } = paging.fit(base, 'features', trace.features.map(compactFeature));
        const training = trace.trainingSet
          ? `trained on ${trace.trainingSet.id} version ${trace.trainingSet.version}`
          : 'with no recorded training set';
        const summary =
          `Prediction ${trace.prediction} at ${trace.time} was served by ${trace.deployment} running ` +
          `${trace.modelVersion}, ${training}. Its ${trace.features.length} feature(s) come from ` +
          `${trace.sources.length} raw source column(s)${trace.sources.length ? `: ${sources.items.slice(0, 5).join(', ')}` : ''}. ` +
          describePage(page, 'features');
        return toolResult(answer, summary.trim());
      }),
  );
}

async function predictionNotFound(store: Store, id: string): Promise<NotFoundError> {
  const recent = await store.predictions.list({ limit: 5 });
  const ids = recent.items.map((prediction) => prediction.id);
  const hint = ids.length ? ` Most recent prediction ids: ${ids.join(', ')}.` : ' No prediction is logged yet.';
  return new NotFoundError(`no prediction '${id}' is logged.${hint}`, { suggestions: ids });
}

function compactFeature(feature: TracedFeature) {
  const sources = capList(feature.sources, 10);
  const value = JSON.stringify(feature.value ?? null);
  return {
    id: feature.id,
    name: feature.name,
    value: value.length > 200 ? clip(value, 200) : (feature.value ?? null),
    sources: sources.items,
    ...(sources.more ? { moreSources: sources.more } : {}),
    paths: feature.paths.slice(0, 3).map((path) => shortenPath(path)),
  };
}
