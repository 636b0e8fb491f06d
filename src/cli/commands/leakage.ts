import type { Command } from 'commander';
import { formatLeakage } from '../../analysis/leakage.js';
import { readTrainingSetId } from '../../model/ml-records.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import type { CliIo } from '../io.js';
import { withMlBackend } from '../ml-backend.js';

interface LeakageOptions extends CommonOptions {
  version?: string;
}

/** `rootline leakage TRAINING_SET --version V`: features whose lineage reaches the label's sources. */
export function registerLeakageCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('leakage')
      .description("find features of a training-set version whose column lineage reaches the label's source columns")
      .argument('<trainingSet>', 'the training-set dataset id (dataset:NS:NAME)')
      .option('--version <version>', 'the training-set version (default: the newest)'),
  ).action(async (text: string, options: LeakageOptions) => {
    const trainingSet = readTrainingSetId(text);
    const version = options.version ?? null;
    const report = await withMlBackend(options, io, (backend) => backend.leakage(trainingSet, version), {
      mustExist: true,
    });
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatLeakage(report)}\n`);
  });
}
