import { canonicalJson, sha256 } from '../model/canonical-json.js';
import type { DatasetVersionInput, JobVersionInput } from '../model/mutation.js';
import type { ApplyContext } from './apply-context.js';

/** Hash of a schema, so "did the schema change" is a string comparison. */
export function schemaHash(fields: unknown): string {
  return sha256(canonicalJson(fields));
}

/**
 * A job version id: a UUID-shaped digest of the sorted inputs, outputs and SQL, so the same job
 * state always gets the same id (Marquez job versions are UUIDs too).
 */
export function jobVersionId(input: Pick<JobVersionInput, 'inputs' | 'outputs' | 'sql'>): string {
  const digest = sha256(
    canonicalJson({
      inputs: [...new Set(input.inputs)].sort(),
      outputs: [...new Set(input.outputs)].sort(),
      sql: input.sql,
    }),
  );
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-${digest.slice(12, 16)}-${digest.slice(16, 20)}-${digest.slice(20, 32)}`;
}

/** Records a dataset version (written on the cache's flush): `write` once per id; `observe` only when the schema changed. */
export async function applyDatasetVersion(ctx: ApplyContext, input: DatasetVersionInput): Promise<void> {
  const { tx } = ctx;
  const known = await ctx.cache.datasetVersions.get(tx, input.datasetId, input.version);
  if (known.existing) return;
  let fields = input.fields;
  // A schema a reader saw seeds the first version only (the latest hash is null when there is none).
  if (input.reason === 'first-seen' && known.latestHash !== null) return;
  if (input.reason === 'observe') {
    const latest = known.latestHash;
    if (latest !== null && (fields === null || schemaHash(fields) === latest)) return;
  }
  if (fields === null) {
    await ctx.cache.flush(tx);
    const previous = await tx.get<{ fields: string }>(
      `SELECT fields FROM dataset_versions WHERE dataset_id = ? AND created_at <= ?
        ORDER BY created_at DESC, vid DESC LIMIT 1`,
      [input.datasetId, input.createdAt],
    );
    fields = previous ? JSON.parse(previous.fields) : [];
  }
  ctx.cache.datasetVersions.write([
    input.datasetId,
    input.version,
    input.createdAt,
    input.runId,
    JSON.stringify(fields),
    JSON.stringify(input.facets),
    input.lifecycleState,
    schemaHash(fields),
    ctx.eventSeq,
  ]);
}

/**
 * Records a job version when the job's state differs from its version in force at `createdAt`,
 * so A -> B -> A yields three rows and a replayed or late observation of the same state none.
 */
export async function applyJobVersion(ctx: ApplyContext, input: JobVersionInput): Promise<void> {
  const version = jobVersionId(input);
  const current = await ctx.cache.jobVersionAt(ctx.tx, input.jobId, input.createdAt);
  if (current === version) return;
  ctx.cache.writeJobVersion([
    input.jobId,
    version,
    input.createdAt,
    JSON.stringify([...new Set(input.inputs)].sort()),
    JSON.stringify([...new Set(input.outputs)].sort()),
    input.sql,
    JSON.stringify(input.facets),
    JSON.stringify(input.diagnostics),
  ]);
}
