import type { z } from 'zod';
import type { InputIssue } from '../../model/errors.js';
import {
  datasetEventSchema,
  type InputDatasetInput,
  jobEventSchema,
  type OutputDatasetInput,
  type RunEventType,
  runEventSchema,
} from './event-schema.js';
import { parseEventTime } from './event-time.js';
import {
  DATASET_FACET_SCHEMAS,
  type DatasetFacets,
  JOB_FACET_SCHEMAS,
  type JobFacets,
  RUN_FACET_SCHEMAS,
  type RunFacets,
} from './facet-schemas.js';
import { formatIssuePath, toInputIssues } from './issue-path.js';

/** A dataset of an event with its raw facets and the standard facets that passed their schema. */
export interface ParsedDataset {
  namespace: string;
  name: string;
  /** Where it sits in the event: `inputs[0]`, `outputs[1]` or `dataset`. */
  path: string;
  facets: Record<string, unknown>;
  inputFacets: Record<string, unknown>;
  outputFacets: Record<string, unknown>;
  standard: DatasetFacets;
}

export interface ParsedJob {
  namespace: string;
  name: string;
  facets: Record<string, unknown>;
  standard: JobFacets;
}

interface ParsedBase {
  /** Canonical UTC ISO time. */
  eventTime: string;
  producer: string;
}

export type ParsedEvent =
  | (ParsedBase & {
      kind: 'run';
      eventType: RunEventType;
      runId: string;
      runFacets: Record<string, unknown>;
      runStandard: RunFacets;
      job: ParsedJob;
      inputs: ParsedDataset[];
      outputs: ParsedDataset[];
    })
  | (ParsedBase & { kind: 'job'; job: ParsedJob; inputs: ParsedDataset[]; outputs: ParsedDataset[] })
  | (ParsedBase & { kind: 'dataset'; dataset: ParsedDataset });

export interface ParseResult {
  /** null when the core is invalid; `errors` then names every problem. */
  event: ParsedEvent | null;
  errors: InputIssue[];
  /** Standard facets that failed their own schema (kept raw, not interpreted) and other doubts. */
  warnings: InputIssue[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates one raw OpenLineage event. The core (event kind, runId, eventTime, job and dataset
 * identities, types) must be right or the event is refused with every problem's path; each
 * standard facet is checked on its own, and one that fails is reported as a warning and left
 * uninterpreted while the rest of the event still counts.
 */
export function parseOpenLineageEvent(raw: unknown): ParseResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { event: null, errors: [{ path: '(event)', message: 'an event must be a JSON object' }], warnings: [] };
  }
  switch (declaredKind(raw)) {
    case 'RunEvent':
      return parseRunEvent(raw);
    case 'DatasetEvent':
      return parseDatasetEvent(raw);
    case 'JobEvent':
      return parseJobEvent(raw);
    case null:
      break;
  }
  return {
    event: null,
    errors: [
      {
        path: '(event)',
        message: 'is neither a RunEvent (run and job), a DatasetEvent (dataset) nor a JobEvent (job)',
      },
    ],
    warnings: [],
  };
}

/**
 * Which event this is: the kind its `schemaURL` names (`...#/$defs/JobEvent`) when it names one,
 * else its shape. A `run` makes a RunEvent, and so does an `eventType` next to a `job`, so a
 * RunEvent that lost its run is reported as such rather than read as a JobEvent.
 */
function declaredKind(raw: object): 'RunEvent' | 'DatasetEvent' | 'JobEvent' | null {
  const has = (key: string): boolean => Object.hasOwn(raw, key);
  const schemaURL = 'schemaURL' in raw && typeof raw.schemaURL === 'string' ? raw.schemaURL : '';
  const named = /(RunEvent|DatasetEvent|JobEvent)$/.exec(schemaURL)?.[1];
  if (named === 'RunEvent' || named === 'DatasetEvent' || named === 'JobEvent') return named;
  if (has('run')) return 'RunEvent';
  if (has('dataset')) return 'DatasetEvent';
  if (has('eventType')) return 'RunEvent';
  if (has('job')) return 'JobEvent';
  return null;
}

function parseRunEvent(raw: object): ParseResult {
  const envelope = readEnvelope(runEventSchema, raw);
  if (envelope.kind === 'failed') return envelope.result;
  const { input, eventTime, warnings } = envelope;
  if (!UUID.test(input.run.runId)) warnings.push({ path: 'run.runId', message: 'is not a UUID' });
  const runFacets = checkFacets(input.run.facets, RUN_FACET_SCHEMAS, 'run.facets', warnings);
  return {
    event: {
      kind: 'run',
      eventType: input.eventType ?? 'OTHER',
      eventTime,
      producer: input.producer,
      runId: input.run.runId,
      runFacets: runFacets.raw,
      runStandard: runFacets.standard,
      job: parseJob(input.job, warnings),
      ...parseDatasetLists(input, warnings),
    },
    errors: [],
    warnings,
  };
}

function parseJobEvent(raw: object): ParseResult {
  const envelope = readEnvelope(jobEventSchema, raw);
  if (envelope.kind === 'failed') return envelope.result;
  const { input, eventTime, warnings } = envelope;
  return {
    event: {
      kind: 'job',
      eventTime,
      producer: input.producer,
      job: parseJob(input.job, warnings),
      ...parseDatasetLists(input, warnings),
    },
    errors: [],
    warnings,
  };
}

function parseDatasetEvent(raw: object): ParseResult {
  const envelope = readEnvelope(datasetEventSchema, raw);
  if (envelope.kind === 'failed') return envelope.result;
  const { input, eventTime, warnings } = envelope;
  return {
    event: {
      kind: 'dataset',
      eventTime,
      producer: input.producer,
      dataset: parseDataset(input.dataset, 'dataset', warnings),
    },
    errors: [],
    warnings,
  };
}

function failed(error: z.ZodError): ParseResult {
  return { event: null, errors: toInputIssues(error.issues), warnings: [] };
}

type Envelope<T> =
  | { kind: 'ok'; input: T; eventTime: string; warnings: InputIssue[] }
  | { kind: 'failed'; result: ParseResult };

/**
 * What every event kind checks first: its schema, then its `eventTime` (an invalid time rejects
 * the event; a time without a zone is a warning). The warnings list is the event's own, so later
 * checks append to it.
 */
function readEnvelope<S extends z.ZodType<{ eventTime: string }>>(schema: S, raw: object): Envelope<z.output<S>> {
  const result = schema.safeParse(raw);
  if (!result.success) return { kind: 'failed', result: failed(result.error) };
  const warnings: InputIssue[] = [];
  const time = checkTime(result.data.eventTime, warnings);
  if (time.kind === 'invalid') return { kind: 'failed', result: { event: null, errors: [time.issue], warnings } };
  return { kind: 'ok', input: result.data, eventTime: time.iso, warnings };
}

type DatasetInput = Parameters<typeof parseDataset>[0];

/** The inputs and outputs of a RunEvent or JobEvent, each parsed under its own path. */
function parseDatasetLists(
  input: { inputs?: readonly DatasetInput[] | null | undefined; outputs?: readonly DatasetInput[] | null | undefined },
  warnings: InputIssue[],
): { inputs: ParsedDataset[]; outputs: ParsedDataset[] } {
  return {
    inputs: (input.inputs ?? []).map((dataset, index) => parseDataset(dataset, `inputs[${index}]`, warnings)),
    outputs: (input.outputs ?? []).map((dataset, index) => parseDataset(dataset, `outputs[${index}]`, warnings)),
  };
}

type TimeCheck = { kind: 'ok'; iso: string } | { kind: 'invalid'; issue: InputIssue };

function checkTime(text: string, warnings: InputIssue[]): TimeCheck {
  const parsed = parseEventTime(text);
  if (parsed.kind === 'invalid') return { kind: 'invalid', issue: { path: 'eventTime', message: parsed.message } };
  if (!parsed.hasOffset) warnings.push({ path: 'eventTime', message: 'has no time zone; read as UTC' });
  return { kind: 'ok', iso: parsed.iso };
}

function parseJob(
  job: { namespace: string; name: string; facets?: Record<string, unknown> | null | undefined },
  warnings: InputIssue[],
): ParsedJob {
  const facets = checkFacets(job.facets, JOB_FACET_SCHEMAS, 'job.facets', warnings);
  return { namespace: job.namespace, name: job.name, facets: facets.raw, standard: facets.standard };
}

function parseDataset(
  dataset: Partial<InputDatasetInput & OutputDatasetInput> & { namespace: string; name: string },
  path: string,
  warnings: InputIssue[],
): ParsedDataset {
  const facets = checkFacets(dataset.facets, DATASET_FACET_SCHEMAS, `${path}.facets`, warnings);
  const inputFacets = checkFacets(dataset.inputFacets, DATASET_FACET_SCHEMAS, `${path}.inputFacets`, warnings);
  const outputFacets = checkFacets(dataset.outputFacets, DATASET_FACET_SCHEMAS, `${path}.outputFacets`, warnings);
  return {
    namespace: dataset.namespace,
    name: dataset.name,
    path,
    facets: facets.raw,
    inputFacets: inputFacets.raw,
    outputFacets: outputFacets.raw,
    standard: { ...facets.standard, ...inputFacets.standard, ...outputFacets.standard },
  };
}

type SchemaMap<T> = { [K in keyof T]: z.ZodType };
type ParsedFacets<T extends SchemaMap<T>> = { [K in keyof T]?: z.output<T[K]> };

/**
 * Validates the standard facets of one facet map. Every facet stays in `raw` as received; only
 * the standard facets that pass their schema reach `standard`. A facet that is null or marked
 * `_deleted: true` removes the facet downstream and is not interpreted.
 */
function checkFacets<T extends SchemaMap<T>>(
  facets: Record<string, unknown> | null | undefined,
  schemas: T,
  prefix: string,
  warnings: InputIssue[],
): { raw: Record<string, unknown>; standard: ParsedFacets<T> } {
  const raw: Record<string, unknown> = { ...(facets ?? {}) };
  for (const [key, value] of Object.entries(raw)) {
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      warnings.push({ path: formatIssuePath([key], prefix), message: 'a facet must be a JSON object; kept raw' });
    }
  }
  const standard: ParsedFacets<T> = {};
  for (const key in schemas) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    if ('_deleted' in value && value._deleted === true) continue;
    const result = schemas[key].safeParse(value);
    if (result.success) {
      standard[key] = result.data;
      continue;
    }
    for (const issue of toInputIssues(result.error.issues, formatIssuePath([key], prefix))) {
      warnings.push({ path: issue.path, message: `${issue.message} (facet '${key}' kept raw, not interpreted)` });
    }
  }
  return { raw, standard };
}
