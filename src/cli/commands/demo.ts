import type { Command } from 'commander';
import { type DemoStepReport, loadDemo } from '../../demo/load-demo.js';
import { customerFeatures } from '../../demo/warehouse-tables.js';
import { datasetId } from '../../model/node-id.js';
import type { CliBackend } from '../backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createDbtDemoSink } from '../dbt-demo-sink.js';
import { createStyle } from '../format/style.js';
import { type Column, formatCount, formatTable } from '../format/table.js';
import { CliExit, type CliIo } from '../io.js';
import { createMlDemoSink, mlBackendFor } from '../ml-demo-sink.js';
import { withBackend } from '../open-backend.js';
import { parseTimeFlag } from '../parse-flags.js';

interface DemoOptions extends CommonOptions {
  force?: boolean;
  now?: string;
}

/** The node the demo's report suggests exploring first. */
export const DEMO_FOCUS = datasetId(customerFeatures.namespace, customerFeatures.name);

export interface DemoResult {
  loaded: boolean;
  /** Why nothing was loaded, when it was not. */
  reason: string | null;
  steps: DemoStepReport[];
}

/**
 * Loads the demo through the backend's normal ingestion path, unless the database already
 * holds events and `force` is not set (the demo is a story over time; telling it twice
 * interleaves two stories).
 */
export async function runDemo(backend: CliBackend, options: { force?: boolean; now?: Date } = {}): Promise<DemoResult> {
  const existing = await backend.countEvents();
  if (existing > 0 && !options.force) {
    return { loaded: false, reason: `the database already holds ${formatCount(existing)} events`, steps: [] };
  }
  const steps = await loadDemo(
    {
      openLineage: (events) => backend.ingestOpenLineage(events, { strict: false }),
      ...createMlDemoSink(mlBackendFor(backend)),
      ...createDbtDemoSink(backend),
    },
    options.now ? { now: options.now } : {},
  );
  return { loaded: true, reason: null, steps };
}

/** `rootline demo`: loads a realistic warehouse pipeline over several simulated days. */
export function registerDemoCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('demo')
      .description('load the demo: a warehouse pipeline, a churn model and a dbt project over five simulated days')
      .option('--force', 'load even when the database already holds events')
      .option('--now <time>', 'end the simulated story at this ISO time instead of now'),
  ).action(async (options: DemoOptions) => {
    const now = options.now !== undefined ? new Date(parseTimeFlag(options.now, '--now')) : new Date();
    const result = await withBackend(options, io, (backend) =>
      runDemo(backend, { now, ...(options.force ? { force: true } : {}) }),
    );
    const rejected = result.steps.reduce((sum, step) => sum + step.rejected, 0);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else if (!result.loaded) {
      io.stdout.write(`demo not loaded: ${result.reason}; use --force to load it anyway\n`);
    } else {
      io.stdout.write(`${formatDemoReport(result.steps)}\n`);
      const style = createStyle(io.isTTY, io.env ?? {});
      for (const step of result.steps)
        for (const error of step.errors) io.stderr.write(`${style.red('rejected')} ${error}\n`);
      io.stdout.write(`\nexplore it: rootline lineage '${DEMO_FOCUS}' --upstream\n`);
    }
    if (rejected > 0) throw new CliExit(1);
  });
}

/** One aligned row per demo step: records, accepted, duplicate, rejected. */
export function formatDemoReport(steps: readonly DemoStepReport[]): string {
  const columns: Column[] = [
    { header: 'STEP' },
    { header: 'RECORDS', align: 'right' },
    { header: 'ACCEPTED', align: 'right' },
    { header: 'DUPLICATE', align: 'right' },
    { header: 'REJECTED', align: 'right' },
    { header: 'WHAT' },
  ];
  const rows = steps.map((step) => [
    step.step,
    formatCount(step.records),
    formatCount(step.accepted),
    formatCount(step.duplicate),
    formatCount(step.rejected),
    step.summary,
  ]);
  return formatTable(columns, rows);
}
