import type { Command } from 'commander';
import { formatRecipe } from '../../analysis/reproduce.js';
import { InputError } from '../../model/errors.js';
import { parseNodeId } from '../../model/node-id.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import type { CliIo } from '../io.js';
import { withMlBackend } from '../ml-backend.js';

/** `rootline reproduce modelVersion:NS:NAME:V`: exactly what produced a model version. */
export function registerReproduceCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('reproduce')
      .description(
        'list what produced a model version: training set, features, upstream dataset and job versions, code, params',
      )
      .argument('<modelVersion>', 'modelVersion:NS:NAME:VERSION'),
  ).action(async (modelVersion: string, options: CommonOptions) => {
    if (parseNodeId(modelVersion).kind !== 'modelVersion') {
      throw new InputError(`expected a modelVersion id (modelVersion:NS:NAME:VERSION), got '${modelVersion}'`, {
        path: 'modelVersion',
      });
    }
    const recipe = await withMlBackend(options, io, (backend) => backend.reproduce(modelVersion), { mustExist: true });
    io.stdout.write(options.json ? `${JSON.stringify(recipe, null, 2)}\n` : `${formatRecipe(recipe)}\n`);
  });
}
