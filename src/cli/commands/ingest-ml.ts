import type { Command } from 'commander';
import { importFeastRegistry } from '../../ingest/ml/import-feast.js';
import { importMlflowSnapshot } from '../../ingest/ml/import-mlflow.js';
import { fetchMlflowSnapshot } from '../../ingest/ml/mlflow-client.js';
import { InputError } from '../../model/errors.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import type { CliIo } from '../io.js';
import { CLI_ACTOR } from '../local-backend.js';
import { requireLocalStore, withMlBackend } from '../ml-backend.js';
import { readInputFile } from '../read-input-file.js';
import { ingestGroup } from './ingest.js';

interface MlflowOptions extends CommonOptions {
  trackingUri?: string;
  namespace?: string;
  tableNamespace?: string;
}

interface FeastOptions extends CommonOptions {
  namespace?: string;
  sourceNamespace?: string[];
}

/** `rootline ingest mlflow --tracking-uri URL` and `rootline ingest feast FILE`. */
export function registerIngestMlCommands(program: Command, io: CliIo): void {
  addCommonOptions(
    ingestGroup(program)
      .command('mlflow')
      .description(
        'import registered models, model versions and their training datasets from an MLflow tracking server',
      )
      .option('--tracking-uri <url>', 'the MLflow tracking server (env MLFLOW_TRACKING_URI)')
      .option('--namespace <ns>', 'namespace of the models (default mlflow://HOST:PORT of the tracking URI)')
      .option('--table-namespace <ns>', 'namespace of catalog tables logged as datasets (default databricks)'),
  ).action(async (options: MlflowOptions) => {
    const uri = options.trackingUri ?? io.env?.MLFLOW_TRACKING_URI;
    if (!uri || !/^https?:\/\//.test(uri)) {
      throw new InputError('give the MLflow server with --tracking-uri http://HOST:PORT', { path: '--tracking-uri' });
    }
    const token = io.env?.MLFLOW_TRACKING_TOKEN;
    const snapshot = await fetchMlflowSnapshot(uri, token ? { token } : {});
    const result = await withMlBackend(options, io, (backend) =>
      importMlflowSnapshot(requireLocalStore(backend, 'ingest mlflow'), snapshot, {
        actor: CLI_ACTOR,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.tableNamespace ? { tableNamespace: options.tableNamespace } : {}),
      }),
    );
    if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout.write(
        `${result.status === 'duplicate' ? 'unchanged since the last import' : 'imported'}: ${result.models} models, ` +
          `${result.modelVersions} model versions, ${result.datasets.length} training datasets\n`,
      );
      for (const dataset of result.datasets) io.stdout.write(`  ${dataset}\n`);
    }
  });

  addCommonOptions(
    ingestGroup(program)
      .command('feast')
      .description('import feature views and feature services from the JSON of `feast registry-dump`')
      .argument('<file>', 'the registry dump, or - for standard input')
      .option('--namespace <ns>', 'namespace of feature views and services (default feast://PROJECT)')
      .option(
        '--source-namespace <kind=ns>',
        'namespace of a warehouse kind, e.g. snowflake=snowflake://acme (repeatable)',
        (value: string, previous: string[] = []) => [...previous, value],
      ),
  ).action(async (file: string, options: FeastOptions) => {
    const text = await readInputFile(file, io);
    let dump: unknown;
    try {
      dump = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file} is not JSON: ${(error as Error).message}`, { path: 'file', cause: error });
    }
    const sourceNamespaces: Record<string, string> = {};
    for (const pair of options.sourceNamespace ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0)
        throw new InputError(`--source-namespace '${pair}' must be KIND=NAMESPACE`, { path: '--source-namespace' });
      sourceNamespaces[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const result = await withMlBackend(options, io, (backend) =>
      importFeastRegistry(requireLocalStore(backend, 'ingest feast'), dump, {
        actor: CLI_ACTOR,
        sourceNamespaces,
        ...(options.namespace ? { namespace: options.namespace } : {}),
      }),
    );
    if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout.write(
        `${result.status === 'duplicate' ? 'unchanged since the last import' : 'imported'}: ${result.featureViews} feature views, ${result.featureServices} feature services\n`,
      );
      if (result.unmapped.length > 0) {
        io.stdout.write(`  without a mapped source (request or push sources): ${result.unmapped.join(', ')}\n`);
      }
    }
  });
}
