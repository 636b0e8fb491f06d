import type { Command } from 'commander';
import type { ApplyResult } from '../../ingest/ml/apply-manifest.js';
import { readManifestText } from '../../ingest/ml/parse-manifest.js';
import { InputError } from '../../model/errors.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createStyle, type Style } from '../format/style.js';
import type { CliIo } from '../io.js';
import { withMlBackend } from '../ml-backend.js';
import { readInputFile } from '../read-input-file.js';

interface ApplyOptions extends CommonOptions {
  file?: string;
}

/** `rootline apply -f FILE`: registers feature views, training sets, models, deployments from a YAML or JSON manifest. */
export function registerApplyCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('apply')
      .description(
        'register ML assets (feature views, training sets, models, deployments) from a YAML or JSON manifest',
      )
      .option('-f, --file <file>', 'the manifest, or - for standard input'),
  ).action(async (options: ApplyOptions) => {
    if (!options.file)
      throw new InputError('give the manifest with -f FILE (or -f - for standard input)', { path: '--file' });
    const document = readManifestText(await readInputFile(options.file, io, '--file'));
    const result = await withMlBackend(options, io, (backend) => backend.apply(document));
    if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout.write(formatApply(result, createStyle(io.isTTY, io.env ?? {})));
  });
}

function formatApply(result: ApplyResult, style: Style): string {
  const c = result.counts;
  const parts = [
    [c.featureViews, 'feature view'],
    [c.trainingSets, 'training-set version'],
    [c.models, 'model'],
    [c.modelVersions, 'model version'],
    [c.deployments, 'deployment'],
    [c.datasets, 'dataset'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  const head = result.status === 'accepted' ? 'applied' : 'unchanged, already applied';
  const event = result.seq === null ? '' : ` (event ${result.seq})`;
  let out = `${style.green('✓')} ${head}: ${parts.join(', ') || 'nothing'}${event}\n`;
  for (const warning of result.warnings) out += `${style.yellow('warning')} ${warning.path}: ${warning.message}\n`;
  return out;
}
