import type { Store } from '../../../src/store/store.js';

/** What one store says about datasets and job-level lineage, in comparable form. */
export interface LineageView {
  datasets: Set<string>;
  jobs: Set<string>;
  /** Output dataset -> the datasets the job writing it reads. */
  inputsByOutput: Map<string, Set<string>>;
  /** Jobs that write nothing (test jobs, exposures) -> what they read. */
  readersWithoutOutput: Map<string, Set<string>>;
}

export interface LineageDifference {
  datasetsOnlyInOpenLineage: string[];
  datasetsOnlyInDbt: string[];
  jobsOnlyInOpenLineage: string[];
  jobsOnlyInDbt: string[];
  /** For each output dataset both graphs know: inputs one side has and the other not. */
  inputs: { output: string; onlyInOpenLineage: string[]; onlyInDbt: string[] }[];
  /** Output datasets written by a job in only one graph. */
  outputsOnlyInOpenLineage: string[];
  outputsOnlyInDbt: string[];
}

/** Reads datasets, jobs and the open INPUT/OUTPUT edges of a store. */
export async function readLineageView(store: Store): Promise<LineageView> {
  const datasets = new Set((await store.listNodes({ kind: 'dataset', limit: 10_000 })).items.map((n) => n.id));
  const jobs = (await store.listNodes({ kind: 'job', limit: 10_000 })).items.map((n) => n.id);
  const inputsByOutput = new Map<string, Set<string>>();
  const readersWithoutOutput = new Map<string, Set<string>>();
  for (const job of jobs) {
    const edges = await store.listEdges({ nodeId: job, kinds: ['INPUT', 'OUTPUT'] });
    const inputs = new Set(edges.filter((e) => e.kind === 'INPUT').map((e) => e.source));
    const outputs = edges.filter((e) => e.kind === 'OUTPUT').map((e) => e.target);
    if (outputs.length === 0) readersWithoutOutput.set(job, inputs);
    for (const output of outputs) {
      const known = inputsByOutput.get(output) ?? new Set<string>();
      for (const input of inputs) known.add(input);
      inputsByOutput.set(output, known);
    }
  }
  return { datasets, jobs: new Set(jobs), inputsByOutput, readersWithoutOutput };
}

const minus = (a: Iterable<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

/** Lists every difference between the graph built from OpenLineage events and the one built from artifacts. */
export function compareLineage(openLineage: LineageView, dbt: LineageView): LineageDifference {
  const inputs: LineageDifference['inputs'] = [];
  for (const [output, olInputs] of [...openLineage.inputsByOutput].sort(([a], [b]) => a.localeCompare(b))) {
    const dbtInputs = dbt.inputsByOutput.get(output);
    if (!dbtInputs) continue;
    const onlyInOpenLineage = minus(olInputs, dbtInputs);
    const onlyInDbt = minus(dbtInputs, olInputs);
    if (onlyInOpenLineage.length > 0 || onlyInDbt.length > 0) inputs.push({ output, onlyInOpenLineage, onlyInDbt });
  }
  const olOutputs = new Set(openLineage.inputsByOutput.keys());
  const dbtOutputs = new Set(dbt.inputsByOutput.keys());
  return {
    datasetsOnlyInOpenLineage: minus(openLineage.datasets, dbt.datasets),
    datasetsOnlyInDbt: minus(dbt.datasets, openLineage.datasets),
    jobsOnlyInOpenLineage: minus(openLineage.jobs, dbt.jobs),
    jobsOnlyInDbt: minus(dbt.jobs, openLineage.jobs),
    inputs,
    outputsOnlyInOpenLineage: minus(olOutputs, dbtOutputs),
    outputsOnlyInDbt: minus(dbtOutputs, olOutputs),
  };
}

const FILLED_TIME = '2021-08-25T11:00:25.277467+00:00';
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/0.0.1/integration/dbt';
const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/**
 * Turns the OpenLineage dbt integration's expected events into events a consumer accepts: the
 * Jinja matchers get values (`is_datetime` a time, `any` a string, a run id a UUID derived from
 * the job so START and COMPLETE share it) and omitted required fields are filled the same way.
 */
export function fillExpectedEvents(events: readonly unknown[]): unknown[] {
  return events.map((event) => {
    const copy = structuredClone(event) as Record<string, unknown> & {
      run?: Record<string, unknown>;
      job?: { namespace?: string; name?: string };
    };
    const job = `${copy.job?.namespace ?? ''}/${copy.job?.name ?? ''}`;
    const run = copy.run ?? {};
    if (typeof run.runId !== 'string' || run.runId.includes('{{')) run.runId = uuidFrom(job);
    copy.run = run;
    if (typeof copy.eventTime !== 'string' || copy.eventTime.includes('{{')) copy.eventTime = FILLED_TIME;
    copy.producer ??= PRODUCER;
    copy.schemaURL ??= SCHEMA_URL;
    return replaceMatchers(copy);
  });
}

function replaceMatchers(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.includes('is_datetime(')) return FILLED_TIME;
    if (value.includes('{{')) return 'any';
    return value;
  }
  if (Array.isArray(value)) return value.map(replaceMatchers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMatchers(v)]));
  }
  return value;
}

function uuidFrom(text: string): string {
  let h = 0x811c9dc5;
  const bytes: number[] = [];
  for (let round = 0; round < 16; round++) {
    for (const char of `${round}:${text}`) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0;
    bytes.push(h & 0xff);
  }
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
