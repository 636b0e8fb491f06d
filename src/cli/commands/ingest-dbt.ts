import type { Command } from 'commander';
import { z } from 'zod';
import { type DbtIngestOutcome, ingestDbt, resolveDatasetNamespace } from '../../ingest/dbt/ingest-dbt.js';
import { parseDbtArtifacts } from '../../ingest/dbt/parse-artifacts.js';
import { addCommonOptions, type CommonOptions, resolveConnection } from '../connection.js';
import { createProgress, type Progress } from '../format/progress.js';
import { createStyle, type Style } from '../format/style.js';
import { formatCount } from '../format/table.js';
import { createHttpClient } from '../http-client.js';
import type { CliIo } from '../io.js';
import { openLocalStore } from '../open-backend.js';
import { readDbtFiles } from './dbt-artifact-files.js';
import { ingestGroup } from './ingest.js';

interface IngestDbtFlags extends CommonOptions {
  manifest?: string;
  catalog?: string;
  runResults?: string;
  profilesDir?: string;
  profile?: string;
  target?: string;
  namespace?: string;
  jobNamespace?: string;
  reanalyze?: boolean;
}

const count = z.number().int();
const outcomeSchema = z.object({
  status: z.enum(['accepted', 'duplicate']),
  seq: z.number(),
  namespace: z.string(),
  jobNamespace: z.string(),
  summary: z.object({
    project: z.string(),
    adapter: z.string().nullable(),
    datasets: count,
    fields: count,
    jobs: count,
    exposures: count,
    assertions: count,
    assertionResults: count,
    runs: count,
    derivesEdges: count,
    lineageReused: count,
    closedJobs: count,
  }),
  diagnostics: z.array(
    z.object({
      severity: z.enum(['error', 'warning', 'info']),
      code: z.string(),
      message: z.string(),
      path: z.string().optional(),
    }),
  ),
  versions: z.object({ manifest: z.number(), catalog: z.number().nullable(), runResults: z.number().nullable() }),
});

/**
 * `rootline ingest dbt [PATH]`: the artifacts of one dbt invocation (a target/ folder or
 * explicit files) into the local database or a running server. The dataset namespace comes from
 * `--namespace`, else profiles.yml (`--profiles-dir`, `--profile`, `--target`) as dbt finds it.
 */
export function registerIngestDbtCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    ingestGroup(program)
      .command('dbt')
      .description('ingest dbt artifacts: models, sources, tests, column lineage and run results')
      .argument('[path]', 'a dbt target/ folder (manifest.json, catalog.json, run_results.json), or a manifest file')
      .option('--manifest <file>', 'manifest.json (schema v4 to v12)')
      .option('--catalog <file>', 'catalog.json (schema v1)')
      .option('--run-results <file>', 'run_results.json (schema v4 to v6)')
      .option('--profiles-dir <dir>', 'folder holding profiles.yml (default: DBT_PROFILES_DIR, the project, ~/.dbt)')
      .option('--profile <name>', 'profile in profiles.yml (default: dbt_project.yml profile)')
      .option('--target <name>', "profile target (default: the profile's target)")
      .option('--namespace <ns>', 'dataset namespace, e.g. postgres://db:5432 (instead of profiles.yml)')
      .option('--job-namespace <ns>', 'namespace of the dbt jobs (default: OPENLINEAGE_NAMESPACE, else default)')
      .option('--reanalyze', "analyze every model's SQL, even models unchanged since the last ingestion"),
  ).action(async (path: string | undefined, flags: IngestDbtFlags) => {
    const env = io.env ?? {};
    const files = await readDbtFiles(path, flags, env, flags.namespace === undefined);
    const options = {
      namespace: flags.namespace,
      profiles: files.profiles ?? undefined,
      profile: files.profile,
      target: flags.target,
      env,
      jobNamespace: flags.jobNamespace ?? env.OPENLINEAGE_NAMESPACE,
      reanalyze: flags.reanalyze === true,
    };
    const connection = resolveConnection(flags, env);
    let outcome: DbtIngestOutcome;
    let target: string;
    if (connection.kind === 'server') {
      // The namespace is resolved here, where env_var() in profiles.yml can read this environment,
      // and only the parts Rootline reads are sent (macros and docs are most of a large manifest).
      const parsed = parseDbtArtifacts(files.artifacts);
      const namespace = resolveDatasetNamespace(parsed, options);
      const http = createHttpClient(connection.url, { token: env.ROOTLINE_TOKEN });
      const artifacts = { manifest: parsed.manifest, catalog: parsed.catalog, runResults: parsed.runResults };
      const body = { ...artifacts, namespace, jobNamespace: options.jobNamespace, reanalyze: options.reanalyze };
      outcome = await http.post('/api/v2/ingest/dbt', {}, body, outcomeSchema);
      target = connection.url;
    } else {
      const store = await openLocalStore(connection);
      // The total is known once mapping starts, so the bar is created on the first report; the
      // single write that follows gets a status line of its own.
      const showProgress = io.isTTY && !flags.json;
      const bar: { progress: Progress | null; writing: boolean } = { progress: null, writing: false };
      try {
        outcome = await ingestDbt(store, files.artifacts, {
          ...options,
          onProgress: (done, total) => {
            bar.progress ??= createProgress(io.stderr, { total, label: 'mapping', enabled: showProgress });
            bar.progress.update(done);
            if (done === total && showProgress) {
              bar.progress.finish();
              io.stderr.write(`recording ${formatCount(total)} models in one transaction...`);
              bar.writing = true;
            }
          },
        });
      } finally {
        if (bar.writing) io.stderr.write('\r\u001b[2K');
        else bar.progress?.finish();
        await store.close();
      }
      target = connection.databaseUrl ? 'PostgreSQL' : connection.db;
    }
    if (flags.json) io.stdout.write(`${JSON.stringify({ ...outcome, files: files.read, target }, null, 2)}\n`);
    else io.stdout.write(formatDbtOutcome(outcome, target, createStyle(io.isTTY, env)));
  });
}

/** The human summary: what was recorded where, the counts, then the first diagnostics. */
export function formatDbtOutcome(outcome: DbtIngestOutcome, target: string, style: Style): string {
  const s = outcome.summary;
  const status =
    outcome.status === 'accepted' ? style.green('recorded') : style.dim('already recorded, nothing changed');
  let out = `dbt project ${style.bold(s.project)} (${s.adapter ?? 'unknown adapter'}, manifest v${outcome.versions.manifest}) into ${target}: ${status}\n`;
  out += `  namespace  ${outcome.namespace}   jobs in ${outcome.jobNamespace}\n`;
  const count = (n: number, noun: string): string => `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
  out += `  ${[count(s.datasets, 'dataset'), count(s.fields, 'column'), count(s.jobs, 'job'), count(s.exposures, 'exposure')].join(' · ')}\n`;
  out += `  ${[count(s.derivesEdges, 'column edge'), count(s.assertions, 'assertion'), count(s.assertionResults, 'test result'), count(s.runs, 'run')].join(' · ')}\n`;
  if (s.lineageReused > 0) out += `  ${formatCount(s.lineageReused)} models unchanged: their column lineage was kept\n`;
  if (s.closedJobs > 0) out += `  ${formatCount(s.closedJobs)} jobs gone from the manifest were closed\n`;
  if (outcome.diagnostics.length > 0) {
    out += style.yellow(`${outcome.diagnostics.length} diagnostic${outcome.diagnostics.length === 1 ? '' : 's'}\n`);
    for (const d of outcome.diagnostics.slice(0, 10)) out += `  ${d.path ? `${d.path}: ` : ''}${d.message}\n`;
    if (outcome.diagnostics.length > 10)
      out += `  ... and ${outcome.diagnostics.length - 10} more (--json lists all)\n`;
  }
  return out;
}
