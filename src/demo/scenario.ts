import type { Random } from './random.js';

/**
 * The demo is a list of scenario steps, each producing records that go through the normal
 * ingestion paths (never straight into the store). Later features append steps to
 * {@link DEMO_STEPS} and, when they bring a new kind of input, a new {@link DemoBatch} kind
 * that {@link DemoSink} learns to ingest.
 */

export interface DemoContext {
  /** The end of the simulated story: the last run finishes just before it. */
  now: Date;
  /** How many simulated days the story covers, ending on `now`'s day. */
  days: number;
  random: Random;
}

/** Records of one input format, handed to its ingester. */
export type DemoBatch =
  | { kind: 'openlineage'; label: string; events: unknown[] }
  | { kind: 'manifest'; label: string; document: unknown }
  | { kind: 'predictions'; label: string; records: unknown[] }
  | {
      kind: 'dbt';
      label: string;
      artifacts: { manifest: unknown; catalog?: unknown; runResults?: unknown };
      namespace: string;
      jobNamespace: string;
    };

export interface DemoStep {
  name: string;
  /** One sentence for the demo command's report. */
  summary: string;
  build(context: DemoContext): DemoBatch[];
}

/** ISO time `days` days and `minutes` minutes before the context's `now`. */
export function timeBefore(context: DemoContext, days: number, minutes = 0): Date {
  return new Date(context.now.getTime() - days * 86_400_000 - minutes * 60_000);
}
