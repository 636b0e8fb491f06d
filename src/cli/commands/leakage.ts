import type { Command } from 'commander';
import { formatLeakage } from '../../analysis/leakage.js';
import { InputError } from '../../model/errors.js';
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
      .option('--version <version>', 'the training-set version'),
  ).action(async (text: string, options: LeakageOptions) => {
    if (!options.version) throw new InputError('give the training-set version with --version V', { path: '--version' });
    const trainingSet = readTrainingSetId(text);
    const version = options.version;
    const report = await withMlBackend(options, io, (backend) => backend.leakage(trainingSet, version));
    io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatLeakage(report)}\n`);
  });
}
