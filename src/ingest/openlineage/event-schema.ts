import { z } from 'zod';
import { parseEventTime } from './event-time.js';

/**
 * zod schemas of the OpenLineage core (spec 2-0-x, also accepting what 1-x producers send):
 * RunEvent, DatasetEvent and JobEvent. Facets are checked here only as "a map"; each standard facet
 * is validated on its own afterwards so that one bad facet does not cost the event its lineage.
 *
 * Leniencies, each because real producers rely on it: `schemaURL` may be absent (Marquez's own
 * fixtures and seed omit it), `eventType` may be absent on a RunEvent (it is optional in the spec),
 * `inputs`/`outputs` may be null. Length limits keep node ids under the 4096 characters
 * `parseNodeId` accepts.
 */

export const RUN_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

const facetMap = z.record(z.string(), z.unknown());

const namespace = z.string().min(1, 'must not be empty').max(1000, 'is longer than 1000 characters');
const name = z.string().min(1, 'must not be empty').max(2000, 'is longer than 2000 characters');

const dataset = z.looseObject({
  namespace,
  name,
  facets: facetMap.nullable().optional(),
});

export const inputDatasetSchema = dataset.extend({ inputFacets: facetMap.nullable().optional() });
export const outputDatasetSchema = dataset.extend({ outputFacets: facetMap.nullable().optional() });

const job = z.looseObject({ namespace, name, facets: facetMap.nullable().optional() });

const run = z.looseObject({
  runId: z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  facets: facetMap.nullable().optional(),
});

const baseEvent = {
  eventTime: z
    .string()
    .max(64, 'is longer than 64 characters')
    .superRefine((text, context) => {
      const parsed = parseEventTime(text);
      if (parsed.kind === 'invalid') context.addIssue({ code: 'custom', message: parsed.message });
    }),
  producer: z.string().max(2000, 'is longer than 2000 characters'),
  schemaURL: z.string().max(2000, 'is longer than 2000 characters').optional(),
};

export const runEventSchema = z.looseObject({
  ...baseEvent,
  eventType: z
    .enum(RUN_EVENT_TYPES, { error: `must be one of ${RUN_EVENT_TYPES.join(', ')}` })
    .nullable()
    .optional(),
  run,
  job,
  inputs: z.array(inputDatasetSchema).nullable().optional(),
  outputs: z.array(outputDatasetSchema).nullable().optional(),
});

export const datasetEventSchema = z.looseObject({ ...baseEvent, dataset });

export const jobEventSchema = z.looseObject({
  ...baseEvent,
  job,
  inputs: z.array(inputDatasetSchema).nullable().optional(),
  outputs: z.array(outputDatasetSchema).nullable().optional(),
});

export type InputDatasetInput = z.output<typeof inputDatasetSchema>;
export type OutputDatasetInput = z.output<typeof outputDatasetSchema>;
