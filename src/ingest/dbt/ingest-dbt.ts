import { InputError } from '../../model/errors.js';
import type { Diagnostic } from '../../model/graph.js';
import { analyzeSql } from '../../sql/index.js';
import type { Store } from '../../store/store.js';
import { buildDbtMutation, type DbtMappingSummary } from './build-dbt-mutation.js';
import type { AnalyzeSql } from './derive-lineage.js';
import { dbtEventPayload } from './event-payload.js';
import { readLineageCache } from './model-lineage.js';
import { namespaceForOutput } from './naming.js';
import { type DbtArtifacts, parseDbtArtifacts, projectNameOf, type RawDbtArtifacts } from './parse-artifacts.js';
import type { PreviousJob } from './previous-jobs.js';
import { selectProfileOutput } from './profiles.js';

export interface IngestDbtOptions {
  /** Dataset namespace; overrides what profiles.yml says. */
  namespace?: string | undefined;
  /** profiles.yml as YAML text or a parsed object, to read the warehouse host or account from. */
  profiles?: unknown;
  profile?: string | undefined;
  target?: string | undefined;
  /** Values for `env_var()` in profiles.yml (the CLI passes the process environment; the server none). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Namespace of the dbt jobs; `default` as in OpenLineage's dbt integration. */
  jobNamespace?: string | undefined;
  actor?: string | null | undefined;
  /** The SQL analyzer for column lineage (Rootline's own by default); null to skip column lineage. */
  analyzeSql?: AnalyzeSql | null | undefined;
  /** Analyze every model again instead of reusing unchanged models' kept analysis. */
  reanalyze?: boolean | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Largest event-log record that keeps the artifacts themselves; a digest above (see event-payload.ts). */
  maxFullPayload?: number | undefined;
}

export interface DbtIngestOutcome {
  status: 'accepted' | 'duplicate';
  seq: number;
  namespace: string;
  jobNamespace: string;
  summary: DbtMappingSummary;
  diagnostics: Diagnostic[];
  versions: DbtArtifacts['versions'];
}

export const DEFAULT_JOB_NAMESPACE = 'default';

/**
 * Ingests the artifacts of one dbt invocation: validates them, maps them to one mutation and
 * hands it to the store with one event-log record, so either everything is written or nothing.
 * The record holds the parts of the artifacts Rootline reads (not macros or docs), or a digest
 * of them for large projects, so the same artifacts are a duplicate and change nothing.
 */
export async function ingestDbt(
  store: Store,
  raw: RawDbtArtifacts,
  options: IngestDbtOptions = {},
): Promise<DbtIngestOutcome> {
  const artifacts = parseDbtArtifacts(raw);
  const namespace = resolveDatasetNamespace(artifacts, options);
  const jobNamespace = options.jobNamespace?.trim() || DEFAULT_JOB_NAMESPACE;
  const project = projectNameOf(artifacts.manifest);
  const previousJobs = await listProjectJobs(store, jobNamespace, project);
  const mapping = await buildDbtMutation(artifacts, {
    namespace,
    jobNamespace,
    analyzeSql: options.analyzeSql === undefined ? analyzeSql : options.analyzeSql,
    previousJobs,
    reanalyze: options.reanalyze === true,
    storedColumnsOf: async (id) =>
      (await store.listFields(id)).map((field) => String(field.attributes.field ?? '')).filter(Boolean),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const payload = dbtEventPayload(artifacts, { namespace, jobNamespace }, options.maxFullPayload);
  const result = await store.ingest(
    { source: 'dbt', actor: options.actor ?? null, payload, eventTime: mapping.at },
    mapping.mutation,
  );
  return {
    status: result.status,
    seq: result.seq,
    namespace,
    jobNamespace,
    summary: mapping.summary,
    diagnostics: mapping.diagnostics,
    versions: artifacts.versions,
  };
}

/**
 * The dataset namespace: `--namespace` when given, else derived from the profiles.yml target
 * (which must be of the manifest's adapter), else `bigquery` for BigQuery, which needs no host.
 */
export function resolveDatasetNamespace(artifacts: DbtArtifacts, options: IngestDbtOptions): string {
  const adapter = artifacts.manifest.metadata.adapter_type ?? null;
  if (options.namespace !== undefined && options.namespace.trim() !== '') return options.namespace.trim();
  if (options.profiles !== undefined && options.profiles !== null) {
    const output = selectProfileOutput(options.profiles, {
      profile: options.profile,
      target: options.target,
      env: options.env,
    });
    if (adapter !== null && typeof output.type === 'string' && output.type !== adapter) {
      throw new InputError(
        `the profiles.yml target is a ${output.type} connection but the manifest was written by the ${adapter} adapter; choose the matching --target`,
        { path: 'profiles' },
      );
    }
    return namespaceForOutput({ type: adapter, ...output });
  }
  if (adapter === 'bigquery') return 'bigquery';
  throw new InputError(
    `the dataset namespace of a ${adapter ?? 'dbt'} project names the warehouse (host, account or path), which dbt artifacts do not record: pass --profiles-dir (with --target) or --namespace`,
    { path: 'namespace' },
  );
}

async function listProjectJobs(store: Store, jobNamespace: string, project: string): Promise<PreviousJob[]> {
  const jobs: PreviousJob[] = [];
  // Paged by what each page returned, so a store that caps the page size is still read to the end.
  for (let offset = 0; ; ) {
    const page = await store.listNodes({ kind: 'job', namespace: jobNamespace, limit: 1000, offset });
    for (const node of page.items) {
      if (node.attributes.dbtProject !== project || node.deletedAt !== null) continue;
      const output = node.attributes.output;
      jobs.push({
        id: node.id,
        output: typeof output === 'string' ? output : null,
        lineage: readLineageCache(node.attributes.dbtLineage),
      });
    }
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return jobs;
}
