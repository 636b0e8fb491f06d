import { DEMO_STEPS } from './demo-steps.js';
import { createRandom } from './random.js';
import type { DemoBatch, DemoContext, DemoStep } from './scenario.js';

export const DEMO_SEED = 20_261_002;
export const DEMO_DAYS = 5;

/** What ingesting a batch of one kind reports back, whatever the ingester. */
export interface DemoOutcome {
  status: 'accepted' | 'duplicate' | 'rejected';
  errors: { path: string; message: string }[];
}

/** The ingestion paths the demo feeds: the same ones a user's producers and files use. */
export interface DemoSink {
  openLineage(events: unknown[]): Promise<DemoOutcome[]>;
  /** The ML manifest path (`rootline apply`); a sink without it loads the warehouse part only. */
  manifest?(document: unknown): Promise<DemoOutcome[]>;
  /** The prediction log path (`POST /api/v2/predictions`); a sink without it skips predictions. */
  predictions?(records: unknown[]): Promise<DemoOutcome[]>;
  /** The dbt artifacts path (`rootline ingest dbt`); a sink without it skips the dbt step. */
  dbt?(batch: Extract<DemoBatch, { kind: 'dbt' }>): Promise<DemoOutcome[]>;
}

export interface DemoStepReport {
  step: string;
  summary: string;
  records: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** The first few rejection reasons, if any (a rejected demo record is a bug in the demo). */
  errors: string[];
}

export interface DemoOptions {
  now?: Date;
  seed?: number;
  days?: number;
  steps?: readonly DemoStep[];
}

/** Builds every batch of the demo without ingesting it: deterministic for a given `now` and seed. */
export function buildDemo(options: DemoOptions = {}): { step: DemoStep; batches: DemoBatch[] }[] {
  const context: DemoContext = {
    now: options.now ?? new Date(),
    days: options.days ?? DEMO_DAYS,
    random: createRandom(options.seed ?? DEMO_SEED),
  };
  return (options.steps ?? DEMO_STEPS).map((step) => ({ step, batches: step.build(context) }));
}

/** Builds the demo and feeds every batch through its ingester, step by step. */
export async function loadDemo(sink: DemoSink, options: DemoOptions = {}): Promise<DemoStepReport[]> {
  const reports: DemoStepReport[] = [];
  for (const { step, batches } of buildDemo(options)) {
    const report: DemoStepReport = {
      step: step.name,
      summary: step.summary,
      records: 0,
      accepted: 0,
      duplicate: 0,
      rejected: 0,
      errors: [],
    };
    for (const batch of batches) {
      const outcomes = await ingestBatch(sink, batch);
      report.records += outcomes.length;
      for (const outcome of outcomes) {
        report[outcome.status] += 1;
        for (const error of outcome.errors) {
          if (report.errors.length < 5) report.errors.push(`${batch.label}: ${error.path}: ${error.message}`);
        }
      }
    }
    reports.push(report);
  }
  return reports;
}

function ingestBatch(sink: DemoSink, batch: DemoBatch): Promise<DemoOutcome[]> {
  switch (batch.kind) {
    case 'openlineage':
      return sink.openLineage(batch.events);
    case 'manifest':
      return sink.manifest ? sink.manifest(batch.document) : Promise.resolve([]);
    case 'predictions':
      return sink.predictions ? sink.predictions(batch.records) : Promise.resolve([]);
    case 'dbt':
      return sink.dbt ? sink.dbt(batch) : Promise.resolve([]);
  }
}
