import type { Command } from 'commander';
import { formatTrace } from '../../analysis/trace.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import type { CliIo } from '../io.js';
import { withMlBackend } from '../ml-backend.js';

/** `rootline trace PREDICTION_ID`: the raw source columns behind one logged prediction. */
export function registerTraceCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('trace')
      .description("trace a logged prediction to the raw source columns that fed it, as of the prediction's time")
      .argument('<prediction>', 'the prediction id'),
  ).action(async (id: string, options: CommonOptions) => {
    const trace = await withMlBackend(options, io, (backend) => backend.trace(id), { mustExist: true });
    io.stdout.write(options.json ? `${JSON.stringify(trace, null, 2)}\n` : `${formatTrace(trace)}\n`);
  });
}
