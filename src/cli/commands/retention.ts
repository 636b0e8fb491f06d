import type { Command } from 'commander';
import { z } from 'zod';
import { parseDuration } from '../../model/time.js';
import { cutoffsOf, loadRetentionPolicy } from '../../server/retention/retention-policy.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import type { CliIo } from '../io.js';
import { withConnection } from '../with-connection.js';

interface RetentionOptions extends CommonOptions {
  runs?: string;
  predictions?: string;
  events?: string;
}

const reportSchema = z.object({
  checkpoint: z.number().nullable(),
  runs: z.number(),
  predictions: z.number(),
  events: z.number(),
  segmentHash: z.string().nullable(),
});

/**
 * `rootline retention apply`: prunes history older than the policy of `rootline.config.yaml`
 * (or ROOTLINE_RETENTION_*), flags overriding it; with --server, the server's own policy and the flags; a checkpoint record keeps the chain verifiable.
 */
export function registerRetentionCommand(program: Command, io: CliIo): void {
  const retention = program.command('retention').description('apply the retention policy');
  addCommonOptions(
    retention
      .command('apply')
      .description('prune run details, predictions and event payloads older than the policy (admin)')
      .option('--runs <duration>', 'keep run details this long (e.g. 90d)')
      .option('--predictions <duration>', 'keep predictions this long (e.g. 30d)')
      .option('--events <duration>', 'keep ingest payloads this long (e.g. 365d)'),
  ).action(async (options: RetentionOptions) => {
    const policy = loadRetentionPolicy(io.env ?? {});
    const override = (key: 'runs' | 'predictions' | 'events') => {
      const text = options[key];
      return text === undefined ? policy[key] : parseDuration(text, `--${key}`);
    };
    const effective = {
      ...policy,
      runs: override('runs'),
      predictions: override('predictions'),
      events: override('events'),
    };
    const cutoffs = cutoffsOf(effective);
    const report = await withConnection(
      options,
      io,
      {
        local: (store, actor) => store.applyRetention(cutoffs, actor),
        server: (http) =>
          http.post(
            '/api/v2/retention/apply',
            {},
            {
              ...(options.runs ? { runs: options.runs } : {}),
              ...(options.predictions ? { predictions: options.predictions } : {}),
              ...(options.events ? { events: options.events } : {}),
            },
            reportSchema,
          ),
      },
      { mustExist: true },
    );
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ cutoffs, ...report }, null, 2)}\n`);
      return;
    }
    if (report.checkpoint === null) {
      io.stdout.write('nothing to prune\n');
      return;
    }
    io.stdout.write(
      `pruned ${report.events} event payloads, ${report.runs} run details, ${report.predictions} predictions; ` +
        `checkpoint record ${report.checkpoint}\n`,
    );
  });
}
